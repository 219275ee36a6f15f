import { type Database, eq, events, licenses, products, vendors } from "@keyway/db";
import { DEMO, seedDemo } from "@keyway/db/seed";
import { issueLicense } from "../../src/licensing/issue-license";

export async function demoSetup(db: Database) {
  const { vendorId } = await seedDemo(db);
  const all = await db.select().from(products).where(eq(products.vendorId, vendorId));
  const product = (slug: string) => {
    const p = all.find((x) => x.slug === slug);
    if (!p) throw new Error(`no product ${slug}`);
    return p;
  };
  return {
    vendorId,
    software: product("example-product"),
    addon: product("trading-analyzer"),
    pkg: product("team-licenses"),
  };
}

/** A fresh license of `productId` (active unless told otherwise), unbound unless a binding is given. */
export async function newLicense(
  db: Database,
  params: {
    vendorId: string;
    productId: string;
    status?: "pending" | "active";
    maxSeats?: number;
    binding?: { value: string; label?: string };
    expiresAt?: Date | null;
  },
) {
  return db.transaction((tx) =>
    issueLicense(tx, {
      vendorId: params.vendorId,
      productId: params.productId,
      status: params.status ?? "active",
      maxSeats: params.maxSeats ?? 1,
      binding: params.binding ?? null,
      durationValue: 1,
      durationUnit: "month",
      ...(params.expiresAt !== undefined ? { expiresAt: params.expiresAt } : {}),
    }),
  );
}

export async function eventTypes(db: Database, licenseId: string): Promise<string[]> {
  const rows = await db
    .select()
    .from(events)
    .where(eq(events.licenseId, licenseId))
    .orderBy(events.createdAt);
  return rows.map((r) => r.type);
}

export async function otherVendor(db: Database): Promise<string> {
  const [v] = await db
    .insert(vendors)
    .values({ slug: `other-${Date.now()}`, name: "Other" })
    .returning();
  if (!v) throw new Error("vendor");
  return v.id;
}

export async function licenseRow(db: Database, id: string) {
  const [row] = await db.select().from(licenses).where(eq(licenses.id, id));
  if (!row) throw new Error("license");
  return row;
}

export { DEMO };
