/** Pure formatting helpers (unit tested in format.test.ts); money is `formatMoney` of @keyway/schema. */

export function formatDate(iso: string | null | undefined, locale?: string): string {
  if (!iso) return "Never";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric" }).format(d);
}

export function formatDateTime(iso: string | null | undefined, locale?: string): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

/** "1 year", "3 months", "Monthly" style labels. */
export function formatDuration(value: number | null | undefined, unit: string | null | undefined): string {
  if (!value || !unit) return "Lifetime";
  const base = unit.replace(/s$/, "");
  return `${value} ${base}${value === 1 ? "" : "s"}`;
}

export function cycleLabel(cycle: string): string {
  if (cycle === "monthly") return "Monthly";
  if (cycle === "yearly") return "Yearly";
  return cycle.charAt(0).toUpperCase() + cycle.slice(1);
}

export function perCycle(cycle: string): string {
  if (cycle === "monthly") return "/ month";
  if (cycle === "yearly") return "/ year";
  return "";
}

export type Tone = "ok" | "warn" | "bad" | "neutral";

/** License and order statuses → badge tone. */
export function statusTone(status: string): Tone {
  switch (status) {
    case "active":
    case "paid":
      return "ok";
    case "pending":
    case "suspended":
    case "past_due":
    case "partially_refunded":
      return "warn";
    case "expired":
    case "revoked":
    case "failed":
    case "cancelled":
    case "refunded":
      return "bad";
    default:
      return "neutral";
  }
}

/** A status as people read it: "partially_refunded" → "partially refunded". */
export function statusLabel(status: string): string {
  return status.replace(/_/g, " ");
}

const DAY_MS = 86_400_000;

/** Whole days from `now` until `iso`, rounded up: an expiry 4.2 days away is "in 5 days". */
export function daysUntil(iso: string, now: Date = new Date()): number {
  return Math.ceil((new Date(iso).getTime() - now.getTime()) / DAY_MS);
}

export function dayCount(days: number): string {
  return `${days} day${days === 1 ? "" : "s"}`;
}

/** How far ahead a license's coming expiry is announced on its card. */
export const EXPIRY_NOTICE_DAYS = 30;

/**
 * What a license card says about its term, or null when nothing is coming: in grace, how many
 * days are left to renew; within 30 days of expiry, how many days until it expires.
 */
export function termNotice(
  license: { status: string; expiresAt: string | null; graceEndsAt?: string | null },
  now: Date = new Date(),
): { tone: Tone; text: string } | null {
  if (license.graceEndsAt) {
    return {
      tone: "bad",
      text: `Expired — ${dayCount(Math.max(daysUntil(license.graceEndsAt, now), 0))} of grace left`,
    };
  }
  if (license.status !== "active" || !license.expiresAt) return null;
  const days = daysUntil(license.expiresAt, now);
  if (days > EXPIRY_NOTICE_DAYS) return null;
  return { tone: "warn", text: days <= 0 ? "Expires today" : `Expires in ${dayCount(days)}` };
}

/** Audit event types (`payment.succeeded`) → short human text ("Payment succeeded"). */
export function eventLabel(type: string): string {
  const text = type.replace(/[._]/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
