import { apiCredentials, type Database, hashSecret, vendors } from "@keyway/db";

/** A second vendor with its own credential: its ids and keys must never reach the demo vendor. */
export async function createOtherVendor(
  db: Database,
  slug = `other-${Math.random().toString(36).slice(2, 8)}`,
) {
  const [vendor] = await db
    .insert(vendors)
    .values({ slug, name: "Other vendor", timezone: "UTC" })
    .returning();
  if (!vendor) throw new Error("vendor insert");
  const key = `biz_${slug.replace(/-/g, "")}`;
  const secret = `sec_${slug}_secret_value_0123456789`;
  await db.insert(apiCredentials).values({
    vendorId: vendor.id,
    name: "other",
    key,
    secretHash: hashSecret(secret),
    secretHint: secret.slice(-4),
  });
  return { vendorId: vendor.id, key, secret, headers: { "x-api-key": key, "x-api-secret": secret } };
}
