import type { MessageChannel } from "@keyway/db";
import { formatMoney, minorFromDecimal } from "@keyway/schema";

/**
 * The words of each customer message, rendered once when it is queued, so the outbox row holds
 * exactly what is sent. Email: a subject and a plain-text body; SMS: one short text (at most
 * SMS_MAX_LENGTH characters, two concatenated segments) ending with the opt-out line.
 */

export const SMS_MAX_LENGTH = 320;
export const SMS_OPT_OUT = "Reply STOP to opt out";

/**
 * What a message says, taken from the event that causes it (snake_case, as in event data; a
 * camelCase name is read the same, and `product` / `pay_url` as `product_name` / `payment_url`).
 * A full `key` is only ever reduced to its last 4 characters.
 */
export interface MessageFacts {
  product_name?: string | null;
  key_last4?: string | null;
  key?: string | null;
  /** ISO date-time of the license's expiry. */
  expires_at?: string | null;
  days_left?: number | null;
  grace_ends_at?: string | null;
  /** Where the customer renews (the portal) … */
  renew_url?: string | null;
  /** … or pays a renewal order. */
  payment_url?: string | null;
  /** A number: minor units of `currency`; a string: a decimal amount ("2999.00", as event data has it). */
  amount?: number | string | null;
  currency?: string | null;
  current_period_end?: string | null;
}

export interface MessageContext {
  vendorName: string;
  /** The vendor's time zone: dates read as the vendor's console shows them. */
  timezone: string;
  now: Date;
}

export interface RenderedMessage {
  subject: string;
  body: string;
}

type Reader = (name: keyof MessageFacts) => string | number | null;

const ALIASES: Record<string, keyof MessageFacts> = { product: "product_name", pay_url: "payment_url" };

/** The facts by snake_case name, whichever spelling the caller used. */
export function readFacts(facts: Record<string, string | number | null | undefined>): Reader {
  const byName = new Map<string, string | number | null>();
  for (const [name, value] of Object.entries(facts)) {
    if (value === undefined || value === null) continue;
    const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    byName.set(ALIASES[snake] ?? snake, value);
  }
  return (name) => byName.get(name) ?? null;
}

/** The last 4 characters of a key: all a message may show of it. */
export function keyLast4(key: string): string {
  return key.replace(/[\s-]/g, "").slice(-4);
}

const DAY_MS = 86_400_000;
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

/** One kind's words: the subject, the main sentence and what to do (with the link, if any). */
interface Template {
  subject: (t: Words) => string;
  line: (t: Words) => string;
  action: string;
  link: (t: Words) => string | null;
}

/** The facts in words. `what` names the license, e.g. "Pro license ending in …ABCD". */
interface Words {
  product: string;
  last4: string | null;
  expiresOn: string;
  daysLeft: string;
  graceEndsOn: string;
  amount: string;
  periodEndsOn: string;
  renewUrl: string | null;
  paymentUrl: string | null;
}

const ending = (t: Words, sms: boolean) =>
  // "…" is not in the GSM alphabet: one of it makes a whole SMS Unicode (70 characters a segment).
  t.last4 ? ` ending in ${sms ? "" : "…"}${t.last4}` : "";

const templates: Record<string, (sms: boolean) => Template> = {
  "license.expiring_soon": (sms) => ({
    subject: (t) => `Your ${t.product} license expires in ${t.daysLeft}`,
    line: (t) => `Your ${t.product} license${ending(t, sms)} expires in ${t.daysLeft} (on ${t.expiresOn}).`,
    action: "Renew",
    link: (t) => t.renewUrl ?? t.paymentUrl,
  }),
  "license.expired": (sms) => ({
    subject: (t) => `Your ${t.product} license has expired`,
    line: (t) => `Your ${t.product} license${ending(t, sms)} expired on ${t.expiresOn}.`,
    action: "Renew",
    link: (t) => t.renewUrl ?? t.paymentUrl,
  }),
  "license.grace_ended": (sms) => ({
    subject: (t) => `Your ${t.product} license's grace period has ended`,
    line: (t) => `The grace period of your ${t.product} license${ending(t, sms)} ended on ${t.graceEndsOn}.`,
    action: "Renew",
    link: (t) => t.renewUrl ?? t.paymentUrl,
  }),
  "subscription.renewal_due": (sms) => ({
    subject: (t) => `Your ${t.product} subscription renews on ${t.periodEndsOn}`,
    line: (t) =>
      `Your ${t.product} subscription${t.last4 ? ` (license${ending(t, sms)})` : ""} is due for renewal on ${t.periodEndsOn}: ${t.amount}.`,
    action: "Pay",
    link: (t) => t.paymentUrl ?? t.renewUrl,
  }),
  "subscription.past_due": (sms) => ({
    subject: (t) => `Your ${t.product} subscription is past due`,
    line: (t) =>
      `Your ${t.product} subscription${t.last4 ? ` (license${ending(t, sms)})` : ""} ended on ${t.periodEndsOn} and is not paid yet.`,
    action: "Pay",
    link: (t) => t.paymentUrl ?? t.renewUrl,
  }),
};

const fallback = (kind: string) => (sms: boolean) => ({
  subject: (t: Words) => `News about your ${t.product} license`,
  line: (t: Words) => `There is news about your ${t.product} license${ending(t, sms)} (${kind}).`,
  action: "Details",
  link: (t: Words) => t.renewUrl ?? t.paymentUrl,
});

function wordsOf(read: Reader, ctx: MessageContext): Words {
  const text = (name: keyof MessageFacts) => {
    const v = read(name);
    return v === null || v === "" ? null : String(v);
  };
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
  const periodEnd = text("current_period_end") ?? expiresAt;
  const graceEnds = text("grace_ends_at");
  return {
    product: text("product_name") ?? "software",
    last4: last4 ? keyLast4(last4) : null,
    expiresOn: expiresAt ? formatMessageDate(expiresAt, ctx.timezone) : "—",
    daysLeft: plural(days, "day"),
    graceEndsOn: graceEnds ? formatMessageDate(graceEnds, ctx.timezone) : "—",
    amount: formatMoney(minor, currency, "en"),
    periodEndsOn: periodEnd ? formatMessageDate(periodEnd, ctx.timezone) : "—",
    renewUrl: text("renew_url"),
    paymentUrl: text("payment_url"),
  };
}

/** Subject and body of a message of `kind` on `channel` (SMS: subject for the outbox only). */
export function renderCustomerMessage(
  kind: string,
  channel: MessageChannel,
  facts: Record<string, string | number | null | undefined>,
  ctx: MessageContext,
): RenderedMessage {
  const sms = channel === "sms";
  const template = (templates[kind] ?? fallback(kind))(sms);
  const words = wordsOf(readFacts(facts), ctx);
  const link = template.link(words);
  if (!sms) {
    const body = [
      "Hello,",
      template.line(words),
      ...(link ? [`${template.action}: ${link}`] : []),
      `— ${ctx.vendorName}`,
    ].join("\n\n");
    return { subject: `${template.subject(words)} — ${ctx.vendorName}`, body: `${body}\n` };
  }
  return { subject: template.subject(words), body: fitSms(template, words, link, ctx.vendorName) };
}

/** One SMS within SMS_MAX_LENGTH: long names are shortened, never the link or the opt-out line. */
function fitSms(template: Template, words: Words, link: string | null, vendorName: string): string {
  const compose = (vendor: string, product: string) =>
    `${vendor}: ${template.line({ ...words, product })}${link ? ` ${template.action}: ${link}` : ""} ${SMS_OPT_OUT}`;
  let vendor = vendorName;
  let product = words.product;
  for (let over = compose(vendor, product).length - SMS_MAX_LENGTH; over > 0; ) {
    if (product.length > 24) product = shorten(product, Math.max(24, product.length - over));
    else if (vendor.length > 24) vendor = shorten(vendor, Math.max(24, vendor.length - over));
    // Only a very long link is left: sent whole, as a cut link is worse than a third segment.
    else break;
    over = compose(vendor, product).length - SMS_MAX_LENGTH;
  }
  return compose(vendor, product);
}

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 3).trimEnd()}...`;
}

/** A destination as the timeline shows it: `***@example.com`, `******1234`. */
export function maskDestination(destination: string): string {
  const at = destination.lastIndexOf("@");
  if (at >= 0) return `***${destination.slice(at)}`;
  return `${"*".repeat(Math.max(0, destination.length - 4))}${destination.slice(-4)}`;
}
