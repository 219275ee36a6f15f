import { REMINDER_KINDS } from "./template-kinds";

/**
 * The `{{placeholder}}`s a message template may use, per kind, and the small template language:
 * `{{name}}` is the value (HTML-escaped in an HTML body); `{{#name}}…{{/name}}` shows what is
 * between only when `name` has a value. Nothing else: no logic a vendor could get wrong.
 */

export interface PlaceholderInfo {
  name: string;
  description: string;
}

const DESCRIPTIONS: Record<string, string> = {
  vendor_name: "Your store's name",
  customer_name: "The customer's name (may be empty)",
  product_name: "What was bought",
  license_keys: "Every license key of the order, in full (purchase message only)",
  key_last4: "The last 4 characters of the license key",
  amount: "The amount, in the customer's currency",
  order_reference: "The order's reference",
  expires_at: "When the license expires, in your time zone",
  days_left: "Days until expiry, e.g. “7 days”",
  grace_ends_at: "When the grace period ends",
  renewal_date: "When the subscription renews",
  moved_to: "The domain or device the license moved to",
  moved_from: "The domain or device it moved from",
  receipt_url: "The receipt",
  portal_url: "The customer portal",
  payment_url: "Where to pay (or try again)",
  renew_url: "Where to renew",
  support_email: "Your support address",
  brand_color: "Your brand colour (#rrggbb), for HTML styles",
};

const COMMON = ["vendor_name", "customer_name", "product_name", "support_email", "portal_url", "brand_color"];
const REMINDER = ["key_last4", "expires_at", "days_left", "renew_url", "payment_url"];

const BY_KIND: Record<string, string[]> = {
  "payment.succeeded": ["license_keys", "amount", "order_reference", "expires_at", "receipt_url"],
  "license.renewed": ["key_last4", "amount", "order_reference", "expires_at", "receipt_url"],
  "payment.failed": ["amount", "order_reference", "payment_url"],
  "order.cancelled": ["amount", "order_reference", "payment_url"],
  "payment.refunded": ["amount", "order_reference", "receipt_url"],
  "license.moved": ["key_last4", "moved_to", "moved_from"],
  "license.key_reissued": ["key_last4"],
  "license.expiring_soon": REMINDER,
  "license.expired": REMINDER,
  "license.grace_ended": [...REMINDER, "grace_ends_at"],
  "subscription.renewal_due": [...REMINDER, "amount", "renewal_date"],
};

/** The placeholders a kind's templates may use (an unknown kind: the common ones). */
export function placeholdersOf(kind: string): string[] {
  return [...COMMON, ...(BY_KIND[kind] ?? [])];
}

export function placeholderInfo(kind: string): PlaceholderInfo[] {
  return placeholdersOf(kind).map((name) => ({ name, description: DESCRIPTIONS[name] ?? name }));
}

/** Filled by the sender on reminders (one-click unsubscribe); never a vendor's to place. */
export const UNSUBSCRIBE_PLACEHOLDER = "{{unsubscribe_url}}";

type Token =
  | { type: "text"; text: string }
  | { type: "value"; name: string }
  | { type: "open"; name: string }
  | { type: "close"; name: string };

export type TemplateProblem =
  | { problem: "malformed"; detail: string }
  | { problem: "unknown_placeholder"; placeholder: string };

const TAG = /\{\{\s*([#/]?)\s*([^{}]*?)\s*\}\}/g;

/** Splits a template into text and tags, or says what is wrong with it. */
export function parseTemplate(source: string): { tokens: Token[] } | { error: TemplateProblem } {
  const tokens: Token[] = [];
  const open: string[] = [];
  let at = 0;
  for (const match of source.matchAll(TAG)) {
    const before = source.slice(at, match.index);
    if (before.includes("{{") || before.includes("}}")) return { error: stray(before) };
    if (before) tokens.push({ type: "text", text: before });
    const [whole, sigil, name = ""] = match;
    at = match.index + whole.length;
    if (!/^[a-z][a-z0-9_]*$/.test(name)) {
      return { error: { problem: "malformed", detail: `“${whole}” is not a placeholder name` } };
    }
    if (sigil === "#") {
      open.push(name);
      tokens.push({ type: "open", name });
    } else if (sigil === "/") {
      if (open.pop() !== name) {
        return { error: { problem: "malformed", detail: `“${whole}” closes a section that is not open` } };
      }
      tokens.push({ type: "close", name });
    } else tokens.push({ type: "value", name });
  }
  const rest = source.slice(at);
  if (rest.includes("{{") || rest.includes("}}")) return { error: stray(rest) };
  if (rest) tokens.push({ type: "text", text: rest });
  const unclosed = open.pop();
  if (unclosed) {
    return {
      error: { problem: "malformed", detail: `“{{#${unclosed}}}” is never closed by “{{/${unclosed}}}”` },
    };
  }
  return { tokens };
}

function stray(text: string): TemplateProblem {
  return text.includes("{{")
    ? { problem: "malformed", detail: "a “{{” is not closed by “}}”" }
    : { problem: "malformed", detail: "a “}}” has no “{{” before it" };
}

/** The first problem of a template for `kind`, or null when it is fine. */
export function checkTemplate(kind: string, source: string): TemplateProblem | null {
  const parsed = parseTemplate(source);
  if ("error" in parsed) return parsed.error;
  const allowed = new Set(placeholdersOf(kind));
  for (const token of parsed.tokens) {
    if (token.type !== "text" && !allowed.has(token.name)) {
      return { problem: "unknown_placeholder", placeholder: token.name };
    }
  }
  return null;
}

/** Whether the kind carries one-click unsubscribe. */
export const isReminder = (kind: string) => REMINDER_KINDS.has(kind);

/**
 * The template with its placeholders filled: `encode` turns a value into its form here (HTML
 * escaping). An unknown or malformed template (only a stored one could be) shows as written.
 */
export function fillTemplate(
  source: string,
  values: Record<string, string | null>,
  encode: (value: string, name: string) => string = (v) => v,
): string {
  const parsed = parseTemplate(source);
  if ("error" in parsed) return source;
  let out = "";
  let hiddenDepth = 0;
  for (const token of parsed.tokens) {
    if (token.type === "open") {
      if (hiddenDepth > 0 || !values[token.name]) hiddenDepth++;
    } else if (token.type === "close") {
      if (hiddenDepth > 0) hiddenDepth--;
    } else if (hiddenDepth > 0) {
      // inside a hidden section
    } else if (token.type === "text") out += token.text;
    else {
      const value = values[token.name];
      out += value ? encode(value, token.name) : "";
    }
  }
  return out;
}
