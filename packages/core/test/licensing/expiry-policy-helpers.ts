import { type Database, newId, plans, products } from "@keyway/db";
import type { ExpiryPolicy, ExpiryPolicyOverrides } from "@keyway/schema";
import type { demoSetup } from "./helpers";

let next = 0;

/** A software product like the demo's (domain-bound, one month), under `policy`: its own number and slug. */
export async function productWithPolicy(
  db: Database,
  ctx: Awaited<ReturnType<typeof demoSetup>>,
  policy: Partial<ExpiryPolicy>,
) {
  next += 1;
  const number = 70_000 + Math.floor(Math.random() * 1_000) * 100 + next;
  const { id: _id, createdAt: _c, updatedAt: _u, ...demo } = ctx.software;
  const [product] = await db
    .insert(products)
    .values({
      ...demo,
      id: newId("prd"),
      number,
      slug: `policy-${number}`,
      name: `Policy ${number}`,
      durationValue: 1,
      durationUnit: "month",
      ...policy,
    })
    .returning();
  if (!product) throw new Error("product insert");
  return product;
}

/** A plan of `productId` overriding its policy with `overrides` (null fields = the product's). */
export async function planWithPolicy(
  db: Database,
  vendorId: string,
  productId: string,
  overrides: Partial<ExpiryPolicyOverrides>,
) {
  const [plan] = await db
    .insert(plans)
    .values({ vendorId, productId, name: "Override plan", ...overrides })
    .returning();
  if (!plan) throw new Error("plan insert");
  return plan;
}
