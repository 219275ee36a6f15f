import { type Executor, inArray, messageTemplates } from "@keyway/db";

/** A vendor's own words for one kind (null: the built-in words) and whether it is sent at all. */
export interface VendorMessageTemplate {
  enabled: boolean;
  subject: string | null;
  textBody: string | null;
  htmlBody: string | null;
  smsBody: string | null;
}

/**
 * The vendors' saved templates, by vendor id then kind, in one read (the sender calls it once a
 * batch). A kind without a row is absent: built-in words, sent.
 */
export async function loadMessageTemplates(
  tx: Executor,
  vendorIds: string[],
): Promise<Map<string, Map<string, VendorMessageTemplate>>> {
  const byVendor = new Map<string, Map<string, VendorMessageTemplate>>();
  const ids = [...new Set(vendorIds)];
  if (ids.length === 0) return byVendor;
  const rows = await tx.select().from(messageTemplates).where(inArray(messageTemplates.vendorId, ids));
  for (const r of rows) {
    let kinds = byVendor.get(r.vendorId);
    if (!kinds) {
      kinds = new Map();
      byVendor.set(r.vendorId, kinds);
    }
    kinds.set(r.kind, {
      enabled: r.enabled,
      subject: r.subject,
      textBody: r.textBody,
      htmlBody: r.htmlBody,
      smsBody: r.smsBody,
    });
  }
  return byVendor;
}
