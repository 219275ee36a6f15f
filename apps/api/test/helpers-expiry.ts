import { issueLicense } from "@keyway/core";
import { and, type Database, eq, newId, products } from "@keyway/db";
import type { ExpiryPolicy } from "@keyway/schema";
import type { TestServer } from "../src/testing";

/**
 * Expiry-policy fixtures for API tests. The policy is set in the database (the catalog API
 * that edits it is tested with the catalog).
 */

/** A software product like the demo's (domain-bound, one month) under `policy`, with its own number. */
export function productWithPolicy(db: Database, vendorId: string, policy: Partial<ExpiryPolicy>) {
  return productLikeDemo(db, vendorId, "policy", { durationValue: 1, durationUnit: "month", ...policy });
}

let next = 0;

/**
 * A copy of the demo vendor's software product with `changes`, its own number and a slug and name
 * from `label` (`floating-80003`): a product a test may reshape without touching the demo's.
 */
export async function productLikeDemo(
  db: Database,
  vendorId: string,
  label: string,
  changes: Partial<typeof products.$inferInsert>,
) {
  const [demo] = await db
    .select()
    .from(products)
    .where(and(eq(products.vendorId, vendorId), eq(products.slug, "example-product")));
  if (!demo) throw new Error("the demo software product");
  next += 1;
  const number = 80_000 + (process.pid % 1_000) * 10 + next;
  const { id: _id, createdAt: _c, updatedAt: _u, ...copy } = demo;
  const [product] = await db
    .insert(products)
    .values({
      ...copy,
      id: newId("prd"),
      number,
      slug: `${label}-${number}`,
      name: `${label} ${number}`,
      ...changes,
    })
    .returning();
  if (!product) throw new Error("product insert");
  return product;
}

/** An active license of `productId` on its product's terms (as the console's "new license"). */
export function grantLicense(db: Database, vendorId: string, productId: string) {
  return db.transaction((tx) => issueLicense(tx, { vendorId, productId, status: "active" }));
}

export type Json = Record<string, unknown> & {
  data?: { code?: string; httpStatus?: number; details?: Record<string, unknown> };
};

/** A native REST call: status and JSON body. */
export async function callApi(
  server: TestServer,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

export const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000);
