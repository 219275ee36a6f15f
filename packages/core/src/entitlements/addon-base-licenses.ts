import { and, type Executor, eq, licenses, products, sql } from "@keyway/db";
import { LICENSE_CHANGES_CHANNEL } from "../licensing/verification-cache";
import { noteLicenseWrite } from "../licensing/verification-cache-write-marks";

/**
 * A new add-on license changes what the customer's license of the add-on's base product grants,
 * but the licenses trigger announces only the rows a statement changed, and an INSERT announces
 * nothing (no cache holds a license that did not exist). So wherever an add-on license is
 * created, this tells every verification cache to forget the base licenses, at the commit of
 * `tx` (NOTIFY is transactional), and marks them as being written in this process. Later changes
 * of the add-on license reach the base through the cache's dependents (verification-cache-dependents.ts).
 */
export async function announceAddonLicense(
  tx: Executor,
  addon: { vendorId: string; productId: string; customerId?: string | null | undefined },
): Promise<void> {
  if (!addon.customerId) return;
  const bases = await tx
    .select({
      id: licenses.id,
      // The license triggers' payload: '<id> <key>'.
      notified: sql`pg_notify(${LICENSE_CHANGES_CHANNEL}, ${licenses.id} || ' ' || ${licenses.key})`,
    })
    .from(licenses)
    .innerJoin(products, eq(products.id, addon.productId))
    .where(
      and(
        eq(licenses.vendorId, addon.vendorId),
        eq(licenses.customerId, addon.customerId),
        eq(licenses.productId, products.parentProductId),
      ),
    );
  for (const base of bases) noteLicenseWrite(base.id);
}
