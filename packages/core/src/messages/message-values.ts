import { formatMoney, minorFromDecimal } from "@keyway/schema";
import { DAY_MS } from "../shared/duration";

/**
 * What a message says, taken from the event that causes it (snake_case, as in event data; a
 * camelCase name is read the same, and `product` / `pay_url` as `product_name` / `payment_url`).
 * A full `key` is only ever reduced to its last 4 characters, except in the purchase message,
 * which shows `license_keys` (or `key`) in full.
 */
export interface MessageFacts {
  customer_name?: string | null;
  product_name?: string | null;
  key_last4?: string | null;
  key?: string | null;
  /** Purchase message only: every key of the order, one a line (or comma-separated). */
  license_keys?: string | null;
  /** The order's reference as the customer knows it (`order_id` is read the same). */
  order_reference?: string | null;
  /** Reminders: the one-click unsubscribe link (the sender's). */
  unsubscribe_url?: string | null;
  /** ISO date-time of the license's expiry. */
  expires_at?: string | null;
  days_left?: number | null;
  grace_ends_at?: string | null;
  /** Where the customer renews (the portal) … */
  renew_url?: string | null;
  /** … or pays a renewal order (or tries a failed payment again). */
  payment_url?: string | null;
  receipt_url?: string | null;
  portal_url?: string | null;
  /** license.moved: the domain or device the license is now on. */
  moved_to?: string | null;
  moved_from?: string | null;
  /** A number: minor units of `currency`; a string: a decimal amount ("2999.00", as event data has it). */
  amount?: number | string | null;
  currency?: string | null;
  current_period_end?: string | null;
}

type Reader = (name: keyof MessageFacts) => string | number | null;

const ALIASES: Record<string, keyof MessageFacts> = {
  product: "product_name",
  pay_url: "payment_url",
  domain: "moved_to",
  device_name: "moved_to",
  keys: "license_keys",
  order_id: "order_reference",
  retry_url: "payment_url",
};

/** The facts by snake_case name, whichever spelling the caller used. */
export function readFacts(facts: Record<string, string | number | null | undefined>): Reader {
  const byName = new Map<string, string | number | null>();
  for (const [name, value] of Object.entries(facts)) {
    if (value === undefined || value === null) continue;
    const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const key = ALIASES[snake] ?? snake;
    if (!byName.has(key) || !ALIASES[snake]) byName.set(key, value);
  }
  return (name) => byName.get(name) ?? null;
}

/** The last 4 characters of a key: all a message may show of it. */
export function keyLast4(key: string): string {
  return key.replace(/[\s-]/g, "").slice(-4);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "5 Mar 2027" in the zone (unambiguous in every locale); UTC for an unknown zone. */
export function formatMessageDate(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let f = dateFormats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone });
    } catch {
      f = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
    }
    dateFormats.set(timeZone, f);
  }
  return f.format(date);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export interface ValueContext {
  vendorName: string;
  timezone: string;
  now: Date;
  supportEmail: string | null;
  brandColor: string;
}

/**
 * Every placeholder's value for one message, in words (null: no value, so a `{{#name}}`
 * section is left out). `license_keys` holds one key a line; it is only filled for the purchase.
 */
export function placeholderValues(
  kind: string,
  facts: Record<string, string | number | null | undefined>,
  ctx: ValueContext,
): Record<string, string | null> {
  const read = readFacts(facts);
  const text = (name: keyof MessageFacts) => {
    const v = read(name);
    return v === null || v === "" ? null : String(v);
  };
  const date = (iso: string | null) => (iso ? formatMessageDate(iso, ctx.timezone) : null);
  const expiresAt = text("expires_at");
  const given = read("days_left");
  const days =
    typeof given === "number" || (typeof given === "string" && /^\d+$/.test(given))
      ? Number(given)
      : expiresAt
        ? Math.max(0, Math.ceil((new Date(expiresAt).getTime() - ctx.now.getTime()) / DAY_MS))
        : 0;
  const key = text("key");
  const last4 = text("key_last4") ?? (key ? keyLast4(key) : null);
  const currency = text("currency");
  const amount = read("amount");
  const minor =
    typeof amount === "number"
      ? amount
      : amount === null || !currency
        ? null
        : minorFromDecimal(amount, currency);
  const keys = text("license_keys") ?? key;
  const renewUrl = text("renew_url");
  const paymentUrl = text("payment_url");
  return {
    vendor_name: ctx.vendorName,
    customer_name: text("customer_name"),
    product_name: text("product_name") ?? "software",
    license_keys:
      kind === "payment.succeeded" && keys
        ? keys
            .split(/[\n,]+/)
            .map((k) => k.trim())
            .filter(Boolean)
            .join("\n")
        : null,
    key_last4: last4 ? keyLast4(last4) : null,
    amount: minor === null || !currency ? null : formatMoney(minor, currency, "en"),
    order_reference: text("order_reference"),
    expires_at: date(expiresAt),
    days_left: plural(days, "day"),
    grace_ends_at: date(text("grace_ends_at")),
    renewal_date: date(text("current_period_end") ?? expiresAt),
    moved_to: text("moved_to"),
    moved_from: text("moved_from"),
    receipt_url: text("receipt_url"),
    portal_url: text("portal_url") ?? renewUrl,
    payment_url: paymentUrl ?? renewUrl,
    renew_url: renewUrl ?? paymentUrl,
    support_email: ctx.supportEmail ?? text("support_email" as keyof MessageFacts),
    brand_color: ctx.brandColor,
  };
}
