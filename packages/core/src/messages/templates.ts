import type { MessageChannel } from "@keyway/db";
import { defaultMessageWords } from "./default-templates";
import { DEFAULT_BRAND_COLOR, escapeHtml, frameHtml, textToHtml } from "./message-html";
import { placeholderValues, readFacts } from "./message-values";
import { REMINDER_KINDS } from "./template-kinds";
import { fillTemplate } from "./template-placeholders";

export { loadMessageTemplates, type VendorMessageTemplate } from "./load-templates";
export { formatMessageDate, keyLast4, type MessageFacts, readFacts } from "./message-values";
export { MESSAGE_KINDS, REMINDER_KINDS, TRANSACTIONAL_KINDS } from "./template-kinds";

/**
 * The words of each customer message, rendered once when it is queued, so the outbox row holds
 * exactly what is sent. Email: a subject, a plain-text body and an HTML body in the vendor's
 * colours; SMS: one short text (at most SMS_MAX_LENGTH characters, two concatenated segments),
 * ending with the opt-out line on reminders. The vendor's own template (message-templates.ts)
 * replaces any of the built-in parts (default-templates.ts).
 */

export const SMS_MAX_LENGTH = 320;
export const SMS_OPT_OUT = "Reply STOP to opt out";

/** A vendor's own words (null parts: the built-in ones). */
export interface MessageTemplateOverride {
  subject: string | null;
  textBody: string | null;
  htmlBody: string | null;
  smsBody: string | null;
}

export interface MessageBrand {
  color: string | null;
  logoUrl: string | null;
  supportEmail: string | null;
}

export interface MessageContext {
  vendorName: string;
  /** The vendor's time zone: dates read as the vendor's console shows them. */
  timezone: string;
  now: Date;
  template?: MessageTemplateOverride | null;
  brand?: MessageBrand;
  /**
   * Reminders: the one-click unsubscribe link (or the facts' `unsubscribe_url`). Without either the HTML keeps the literal
   * `{{unsubscribe_url}}` for the sender to fill, and the text body has no unsubscribe line.
   */
  unsubscribeUrl?: string | null;
}

export interface RenderedMessage {
  subject: string;
  body: string;
  /** The HTML part (email only). */
  html: string | null;
}

type Facts = Record<string, string | number | null | undefined>;

const sendsStop = (kind: string) => REMINDER_KINDS.has(kind) || kind === "subscription.past_due";

const htmlValue = (value: string, name: string) =>
  name === "license_keys" ? value.split("\n").map(escapeHtml).join("<br>") : escapeHtml(value);
const smsValue = (value: string) => value.replaceAll("\n", ", ");

/** Subject and body of a message of `kind` on `channel` (SMS: subject for the outbox only). */
export function renderCustomerMessage(
  kind: string,
  channel: MessageChannel,
  facts: Facts,
  ctx: MessageContext,
): RenderedMessage {
  const builtIn = defaultMessageWords(kind);
  const own = ctx.template ?? null;
  const color = ctx.brand?.color ?? DEFAULT_BRAND_COLOR;
  const values = placeholderValues(kind, facts, {
    vendorName: ctx.vendorName,
    timezone: ctx.timezone,
    now: ctx.now,
    supportEmail: ctx.brand?.supportEmail ?? null,
    brandColor: color,
  });
  const subject = fillTemplate(own?.subject ?? builtIn.subject, values, smsValue)
    .replace(/\s+/g, " ")
    .trim();
  const reminder = sendsStop(kind);
  const unsubscribeUrl = ctx.unsubscribeUrl ?? readFacts(facts)("unsubscribe_url");
  if (channel === "sms") {
    return { subject, body: fitSms(own?.smsBody ?? builtIn.smsBody, values, reminder), html: null };
  }
  const text = fillTemplate(own?.textBody ?? builtIn.textBody, values);
  const content = own?.htmlBody
    ? fillTemplate(own.htmlBody, values, htmlValue)
    : own?.textBody
      ? textToHtml(text)
      : fillTemplate(builtIn.htmlBody, values, htmlValue);
  const html = frameHtml(content, {
    title: subject,
    vendorName: ctx.vendorName,
    color,
    logoUrl: ctx.brand?.logoUrl ?? null,
    supportEmail: values.support_email ?? null,
    unsubscribeUrl: unsubscribeUrl === null ? null : String(unsubscribeUrl),
    reminder: REMINDER_KINDS.has(kind),
  });
  const unsubscribe =
    REMINDER_KINDS.has(kind) && unsubscribeUrl ? `\nUnsubscribe from reminders: ${unsubscribeUrl}\n` : "";
  return { subject, body: `${text.trimEnd()}\n${unsubscribe}`, html };
}

/** One SMS within SMS_MAX_LENGTH: long names are shortened, never the link or the opt-out line. */
function fitSms(template: string, values: Record<string, string | null>, reminder: boolean): string {
  const compose = (vendor: string, product: string) =>
    `${fillTemplate(template, { ...values, vendor_name: vendor, product_name: product }, smsValue)
      .replace(/\s+/g, " ")
      .trim()}${reminder ? ` ${SMS_OPT_OUT}` : ""}`;
  let vendor = values.vendor_name ?? "";
  let product = values.product_name ?? "";
  for (let over = compose(vendor, product).length - SMS_MAX_LENGTH; over > 0; ) {
    if (product.length > 24) product = shorten(product, Math.max(24, product.length - over));
    else if (vendor.length > 24) vendor = shorten(vendor, Math.max(24, vendor.length - over));
    // Only a very long link (or the keys) is left: sent whole, as a cut one is worse than a third segment.
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
