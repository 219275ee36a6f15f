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
      return "warn";
    case "expired":
    case "revoked":
    case "failed":
    case "cancelled":
      return "bad";
    default:
      return "neutral";
  }
}

/** Audit event types (`payment.succeeded`) → short human text ("Payment succeeded"). */
export function eventLabel(type: string): string {
  const text = type.replace(/[._]/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
