import { and, type Database, eq, licenses, ne, products } from "@keyway/db";
import { keyLast4, type License } from "@keyway/schema";
import { recordLicenseEvent } from "../events/record-event";
import { queueCustomerMessage } from "../messages/queue-message";
import type { MessageLinks } from "../messages/unsubscribe";
import { DomainError } from "../shared/errors";
import { lockVendorLicense, vendorLicenseView } from "./change-license-state";
import { generateLicenseKey } from "./keys";
import { checkLicenseAction } from "./license-actions";

export interface ReissueLicenseKeyParams {
  vendorId: string;
  licenseId: string;
  /** The portal passes the signed-in customer: only their own license can be reissued. */
  customerId?: string | undefined;
  reason?: string | undefined;
  actor?: string | undefined;
  now?: Date;
  /** The host's public URL and secret box: the portal link of the customer's notice. */
  messages?: MessageLinks | null | undefined;
}

/** Collisions are astronomically rare; a few draws are plenty (as issue-license.ts). */
const ATTEMPTS = 5;

/**
 * Gives a license a new key in its product's format (a leaked key, a customer's request). The
 * license keeps its id, seats, subscription, expiry and history; only `key` changes, and that
 * change makes Postgres notify every process's verification cache of the old and the new key
 * (trigger in packages/db/drizzle/0002), so the old key stops verifying everywhere at once.
 * `license.key_reissued` carries the last 4 characters of each key, never a whole one.
 * A revoked license keeps its dead key. Answers the license with its new key.
 */
export async function reissueLicenseKey(db: Database, params: ReissueLicenseKeyParams): Promise<License> {
  const now = params.now ?? new Date();
  await db.transaction(async (tx) => {
    const license = await lockVendorLicense(tx, params.vendorId, params.licenseId);
    if (params.customerId !== undefined && license.customerId !== params.customerId) {
      throw new DomainError("license_not_found", "The license was not found.");
    }
    checkLicenseAction("reissue_key", license.status);
    const [product] = await tx
      .select({ keyFormat: products.keyFormat })
      .from(products)
      .where(eq(products.id, license.productId));
    if (!product) throw new DomainError("internal", "The license's product is missing.");

    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const key = generateLicenseKey(product.keyFormat);
      if (key === license.key) continue;
      const taken = await tx
        .select({ id: licenses.id })
        .from(licenses)
        .where(and(eq(licenses.key, key), ne(licenses.id, license.id)));
      if (taken.length > 0) continue;
      await tx.update(licenses).set({ key, updatedAt: now }).where(eq(licenses.id, license.id));
      const { eventId } = await recordLicenseEvent(tx, license, {
        type: "license.key_reissued",
        actor: params.actor,
        data: {
          license_id: license.id,
          old_key_last4: keyLast4(license.key),
          new_key_last4: keyLast4(key),
          reason: params.reason ?? null,
        },
        now,
      });
      // The customer hears of it (the new key's last 4 only; the full key is in the portal).
      await queueCustomerMessage(
        tx,
        {
          vendorId: license.vendorId,
          customerId: license.customerId,
          licenseId: license.id,
          eventId,
          kind: "license.key_reissued",
          facts: { key_last4: keyLast4(key), old_key_last4: keyLast4(license.key) },
          now,
        },
        params.messages,
      );
      return;
    }
    throw new DomainError("internal", "Could not generate a unique license key.");
  });
  return vendorLicenseView(db, params.vendorId, params.licenseId, now);
}
