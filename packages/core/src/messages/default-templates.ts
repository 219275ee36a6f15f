/**
 * The built-in words of each message kind, written with the same `{{placeholder}}`s a vendor
 * uses (template-placeholders.ts), so the console shows them as the starting point of an edit.
 * Each kind is a short spec (subject, paragraphs, links) from which the plain-text body, the
 * HTML body and the SMS are made the same way.
 */

export interface MessageWords {
  subject: string;
  textBody: string;
  htmlBody: string;
  smsBody: string;
}

interface Spec {
  subject: string;
  /** Paragraphs; "…" before the last 4 of a key is left out of an SMS (not in the GSM alphabet). */
  paragraphs: string[];
  /** [label, placeholder]: "Renew: {{renew_url}}" when it has a value. */
  links: [string, string][];
  /** The link an SMS carries (default: the first). */
  smsLink?: [string, string];
  /** The SMS's sentence when the paragraphs are too long for one. */
  sms?: string;
}

const HELLO = "Hello{{#customer_name}} {{customer_name}}{{/customer_name}},";
const SIGN = "— {{vendor_name}}";
const ENDING = "{{#key_last4}} ending in …{{key_last4}}{{/key_last4}}";
const REISSUE_HINT =
  "If this was not you, contact us{{#support_email}} at {{support_email}}{{/support_email}}.";

const SPECS: Record<string, Spec> = {
  "payment.succeeded": {
    subject: "Your {{product_name}} license — {{vendor_name}}",
    paragraphs: [
      "Thank you for buying {{product_name}}{{#amount}} ({{amount}}){{/amount}}. Activate it with:",
      "{{license_keys}}",
      "Keep it safe: you can always find it in your account.",
    ],
    links: [
      ["Receipt", "receipt_url"],
      ["Your licenses", "portal_url"],
    ],
    smsLink: ["Your licenses", "portal_url"],
    sms: "Thank you for buying {{product_name}}. Activate it with: {{license_keys}}",
  },
  "license.renewed": {
    subject: "Your {{product_name}} license is renewed — {{vendor_name}}",
    paragraphs: [
      `Your {{product_name}} license${ENDING} is renewed{{#expires_at}} until {{expires_at}}{{/expires_at}}{{#amount}} ({{amount}}){{/amount}}. Thank you!`,
    ],
    links: [["Receipt", "receipt_url"]],
  },
  "payment.failed": {
    subject: "Your payment for {{product_name}} did not go through — {{vendor_name}}",
    paragraphs: ["Your payment{{#amount}} of {{amount}}{{/amount}} for {{product_name}} did not go through."],
    links: [["Try again", "payment_url"]],
  },
  "order.cancelled": {
    subject: "Your {{product_name}} order was cancelled — {{vendor_name}}",
    paragraphs: [
      "Your order{{#order_reference}} {{order_reference}}{{/order_reference}} for {{product_name}}{{#amount}} ({{amount}}){{/amount}} was cancelled before it was paid.",
    ],
    links: [["Try again", "payment_url"]],
  },
  "payment.refunded": {
    subject: "Your refund for {{product_name}} — {{vendor_name}}",
    paragraphs: [
      "We have refunded {{amount}} on your order{{#order_reference}} {{order_reference}}{{/order_reference}} for {{product_name}}. It can take a few days to show on your statement.",
    ],
    links: [["Receipt", "receipt_url"]],
  },
  "license.moved": {
    subject: "Your {{product_name}} license moved — {{vendor_name}}",
    paragraphs: [
      `Your {{product_name}} license${ENDING} is now in use{{#moved_to}} on {{moved_to}}{{/moved_to}}{{#moved_from}} instead of {{moved_from}}{{/moved_from}}. ${REISSUE_HINT}`,
    ],
    links: [["Your licenses", "portal_url"]],
  },
  "license.key_reissued": {
    subject: "Your {{product_name}} license has a new key — {{vendor_name}}",
    paragraphs: [
      `Your {{product_name}} license has a new key${ENDING.replace(" ending in", ", ending in")}. The old key no longer works. ${REISSUE_HINT}`,
    ],
    links: [["See the new key", "portal_url"]],
  },
  "license.expiring_soon": {
    subject: "Your {{product_name}} license expires in {{days_left}} — {{vendor_name}}",
    paragraphs: [`Your {{product_name}} license${ENDING} expires in {{days_left}} (on {{expires_at}}).`],
    links: [["Renew", "renew_url"]],
  },
  "license.expired": {
    subject: "Your {{product_name}} license has expired — {{vendor_name}}",
    paragraphs: [`Your {{product_name}} license${ENDING} expired on {{expires_at}}.`],
    links: [["Renew", "renew_url"]],
  },
  "license.grace_ended": {
    subject: "Your {{product_name}} license's grace period has ended — {{vendor_name}}",
    paragraphs: [`The grace period of your {{product_name}} license${ENDING} ended on {{grace_ends_at}}.`],
    links: [["Renew", "renew_url"]],
  },
  "subscription.renewal_due": {
    subject: "Your {{product_name}} subscription renews on {{renewal_date}} — {{vendor_name}}",
    paragraphs: [
      "Your {{product_name}} subscription{{#key_last4}} (license ending in …{{key_last4}}){{/key_last4}} is due for renewal on {{renewal_date}}: {{amount}}.",
    ],
    links: [["Pay", "payment_url"]],
  },
  "subscription.past_due": {
    subject: "Your {{product_name}} subscription is past due — {{vendor_name}}",
    paragraphs: [
      "Your {{product_name}} subscription{{#key_last4}} (license ending in …{{key_last4}}){{/key_last4}} ended on {{renewal_date}} and is not paid yet.",
    ],
    links: [["Pay", "payment_url"]],
  },
};

const fallbackSpec = (kind: string): Spec => ({
  subject: "News about your {{product_name}} license — {{vendor_name}}",
  paragraphs: [`There is news about your {{product_name}} license${ENDING} (${kind}).`],
  links: [["Details", "renew_url"]],
});

const P = 'style="margin:0 0 16px;"';
const KEYS =
  'style="margin:0 0 16px;padding:12px 16px;background:#f4f5f7;border-radius:6px;font-family:Consolas,Menlo,monospace;font-size:15px;letter-spacing:0.5px;"';

function button(label: string, name: string): string {
  return [
    `{{#${name}}}<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;"><tr>`,
    `<td style="border-radius:6px;background:{{brand_color}};">`,
    `<a href="{{${name}}}" style="display:inline-block;padding:10px 20px;color:#ffffff;text-decoration:none;font-weight:bold;">${label}</a>`,
    `</td></tr></table>{{/${name}}}`,
  ].join("");
}

function wordsOf(spec: Spec): MessageWords {
  const links = spec.links.map(([label, name]) => `{{#${name}}}${label}: {{${name}}}\n\n{{/${name}}}`);
  const textBody = `${[HELLO, ...spec.paragraphs].join("\n\n")}\n\n${links.join("")}${SIGN}\n`;
  const html = [
    `<p ${P}>${HELLO}</p>`,
    ...spec.paragraphs.map((p) => (p === "{{license_keys}}" ? `<p ${KEYS}>${p}</p>` : `<p ${P}>${p}</p>`)),
    ...spec.links.map(([label, name], i) =>
      i === 0
        ? button(label, name)
        : `{{#${name}}}<p ${P}><a href="{{${name}}}" style="color:{{brand_color}};">${label}</a></p>{{/${name}}}`,
    ),
    `<p style="margin:0;">${SIGN}</p>`,
  ].join("\n");
  const [label, name] = spec.smsLink ?? spec.links[0] ?? ["", ""];
  const smsLink = name ? `{{#${name}}} ${label}: {{${name}}}{{/${name}}}` : "";
  const sentence = spec.sms ?? spec.paragraphs.join(" ").replaceAll("…", "");
  const smsBody = `{{vendor_name}}: ${sentence}${smsLink}`;
  return { subject: spec.subject, textBody, htmlBody: html, smsBody };
}

const cache = new Map<string, MessageWords>();

/** The built-in words of `kind` (an unknown kind gets general words naming it). */
export function defaultMessageWords(kind: string): MessageWords {
  let words = cache.get(kind);
  if (!words) {
    words = wordsOf(SPECS[kind] ?? fallbackSpec(kind));
    cache.set(kind, words);
  }
  return words;
}
