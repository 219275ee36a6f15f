import { and, type Database, eq, isNull, messageTemplates, vendors } from "@keyway/db";
import type { MessageKind } from "@keyway/schema";
import { DAY_MS } from "../shared/duration";
import { DomainError } from "../shared/errors";
import { defaultMessageWords, type MessageWords } from "./default-templates";
import { loadMessageTemplates } from "./load-templates";
import { kindClass, MESSAGE_KINDS, type MessageKindClass } from "./template-kinds";
import { checkTemplate, type PlaceholderInfo, placeholderInfo } from "./template-placeholders";
import { type MessageTemplateOverride, renderCustomerMessage } from "./templates";

/**
 * The vendor's own words for each message kind: listed beside the built-in ones, saved after
 * their placeholders are checked, and previewed with sample facts in the vendor's branding.
 */

const LABELS: Record<string, string> = {
  "payment.succeeded": "Purchase: license keys and receipt",
  "license.renewed": "Renewal confirmation",
  "payment.failed": "Payment failed",
  "order.cancelled": "Order cancelled",
  "payment.refunded": "Refund",
  "license.moved": "License moved to another domain or device",
  "license.key_reissued": "License key reissued",
  "license.expiring_soon": "Reminder: license expiring soon",
  "license.expired": "Reminder: license expired",
  "license.grace_ended": "Reminder: grace period ended",
  "subscription.renewal_due": "Reminder: subscription renewal due",
};

export interface MessageTemplateView {
  kind: MessageKind;
  label: string;
  class: MessageKindClass;
  enabled: boolean;
  /** The vendor's words (a null part: the built-in one), or null when none are saved. */
  override: MessageTemplateOverride | null;
  defaults: MessageWords;
  placeholders: PlaceholderInfo[];
}

const PARTS = ["subject", "textBody", "htmlBody", "smsBody"] as const;
type Part = (typeof PARTS)[number];
const PART_WORDS: Record<Part, string> = {
  subject: "The subject",
  textBody: "The text body",
  htmlBody: "The HTML body",
  smsBody: "The SMS text",
};
const PART_MAX: Record<Part, number> = { subject: 200, textBody: 10_000, htmlBody: 50_000, smsBody: 300 };

export async function listMessageTemplates(
  db: Database,
  params: { vendorId: string },
): Promise<MessageTemplateView[]> {
  const saved = (await loadMessageTemplates(db, [params.vendorId])).get(params.vendorId);
  return MESSAGE_KINDS.map((kind) => {
    const row = saved?.get(kind);
    const override =
      row && PARTS.some((p) => row[p] !== null)
        ? { subject: row.subject, textBody: row.textBody, htmlBody: row.htmlBody, smsBody: row.smsBody }
        : null;
    return {
      kind,
      label: LABELS[kind] ?? kind,
      class: kindClass(kind),
      enabled: row?.enabled ?? true,
      override,
      defaults: defaultMessageWords(kind),
      placeholders: placeholderInfo(kind),
    };
  });
}

export type TemplateDraft = { [P in Part]?: string | null | undefined };

function assertKind(kind: string): void {
  if (!(MESSAGE_KINDS as readonly string[]).includes(kind)) {
    throw new DomainError("invalid_input", `There is no message kind “${kind}”.`, { field: "kind" });
  }
}

/** Refuses a part with an unknown placeholder or a malformed `{{`, naming both in words. */
function assertDraft(kind: string, draft: TemplateDraft): void {
  for (const part of PARTS) {
    const source = draft[part];
    if (source === undefined || source === null) continue;
    if (source.trim() === "") {
      throw new DomainError("invalid_input", `${PART_WORDS[part]} is empty: write some words, or reset it.`, {
        field: part,
      });
    }
    if (source.length > PART_MAX[part]) {
      throw new DomainError(
        "invalid_input",
        `${PART_WORDS[part]} is longer than ${PART_MAX[part]} characters.`,
        {
          field: part,
        },
      );
    }
    const problem = checkTemplate(kind, source);
    if (problem?.problem === "unknown_placeholder") {
      throw new DomainError(
        "invalid_input",
        `${PART_WORDS[part]} uses the placeholder {{${problem.placeholder}}}, which this message does not have.`,
        { field: part, placeholder: problem.placeholder },
      );
    }
    if (problem) {
      throw new DomainError(
        "invalid_input",
        `${PART_WORDS[part]} is not a valid template: ${problem.detail}.`,
        {
          field: part,
        },
      );
    }
  }
}

export async function saveMessageTemplate(
  db: Database,
  params: TemplateDraft & { vendorId: string; kind: string; enabled?: boolean | undefined },
): Promise<MessageTemplateView> {
  assertKind(params.kind);
  assertDraft(params.kind, params);
  const changes = {
    ...(params.enabled !== undefined ? { enabled: params.enabled } : {}),
    ...Object.fromEntries(PARTS.flatMap((p) => (params[p] !== undefined ? [[p, params[p]]] : []))),
  } as Partial<typeof messageTemplates.$inferInsert>;
  if (Object.keys(changes).length > 0) {
    await db
      .insert(messageTemplates)
      .values({ vendorId: params.vendorId, kind: params.kind, ...changes })
      .onConflictDoUpdate({
        target: [messageTemplates.vendorId, messageTemplates.kind],
        set: { ...changes, updatedAt: new Date() },
      });
    // Back to all built-in and sent: no row left to read.
    await db
      .delete(messageTemplates)
      .where(
        and(
          eq(messageTemplates.vendorId, params.vendorId),
          eq(messageTemplates.kind, params.kind),
          eq(messageTemplates.enabled, true),
          ...PARTS.map((p) => isNull(messageTemplates[p])),
        ),
      );
  }
  const views = await listMessageTemplates(db, { vendorId: params.vendorId });
  const view = views.find((v) => v.kind === params.kind);
  if (!view) throw new DomainError("not_found", "No such message kind.");
  return view;
}

export interface MessagePreview {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

/**
 * What a draft would send, with sample facts and the vendor's name, zone and branding. A part
 * left out of the draft is the saved one; null is the built-in one.
 */
export async function previewMessageTemplate(
  db: Database,
  params: { vendorId: string; kind: string; draft: TemplateDraft; now: Date },
): Promise<MessagePreview> {
  assertKind(params.kind);
  assertDraft(params.kind, params.draft);
  const [vendor] = await db.select().from(vendors).where(eq(vendors.id, params.vendorId));
  if (!vendor) throw new DomainError("not_found", "Vendor not found.");
  const saved = (await loadMessageTemplates(db, [params.vendorId])).get(params.vendorId)?.get(params.kind);
  const pick = (part: Part) => {
    const draft = params.draft[part];
    return draft === undefined ? (saved?.[part] ?? null) : draft;
  };
  const template = {
    subject: pick("subject"),
    textBody: pick("textBody"),
    htmlBody: pick("htmlBody"),
    smsBody: pick("smsBody"),
  };
  const context = {
    vendorName: vendor.name,
    timezone: vendor.timezone,
    now: params.now,
    template,
    brand: { color: vendor.brandColor, logoUrl: vendor.brandLogoUrl, supportEmail: vendor.supportEmail },
  };
  const facts = sampleFacts(params.kind, vendor.currency, params.now);
  const email = renderCustomerMessage(params.kind, "email", facts, context);
  const sms = renderCustomerMessage(params.kind, "sms", facts, context);
  return { subject: email.subject, text: email.body, html: email.html ?? "", sms: sms.body };
}

function sampleFacts(kind: string, currency: string, now: Date) {
  const base = "https://keys.example.com";
  const day = DAY_MS;
  return {
    customer_name: "Asha Rao",
    product_name: "Sample App",
    key: "KW-7QX2-M9PA-4HZC-ABCD",
    license_keys: kind === "payment.succeeded" ? "KW-7QX2-M9PA-4HZC-ABCD" : null,
    order_reference: "KW-1042",
    amount: currency === "JPY" ? 2999 : 299_900,
    currency,
    expires_at: new Date(now.getTime() + 7 * day).toISOString(),
    days_left: 7,
    grace_ends_at: new Date(now.getTime() + 3 * day).toISOString(),
    current_period_end: new Date(now.getTime() + 7 * day).toISOString(),
    moved_to: "app.example.com",
    receipt_url: `${base}/orders/ord_3m8q1x6k9w2v5c7n4b0z`,
    portal_url: `${base}/account/licenses`,
    renew_url: `${base}/account/licenses`,
    payment_url: `${base}/pay/ord_3m8q1x6k9w2v5c7n4b0z`,
  };
}
