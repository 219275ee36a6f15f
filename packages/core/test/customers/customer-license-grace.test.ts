import { customers, eq, licenses, newId, plans, products, type StoredLicenseStatus } from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMyLicenses } from "../../src/customers/customer-purchases";
import { demoSetup } from "../licensing/helpers";

/** "My licenses" says when grace ends while a license is in it, by its product's or plan's policy. */

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;
let customerId: string;
let planId: string;
const now = new Date("2031-01-10T00:00:00Z");
const at = (days: number) => new Date(now.getTime() + days * 86_400_000);

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
  await db.db.update(products).set({ gracePeriodDays: 7 }).where(eq(products.id, ctx.software.id));
  const [customer] = await db.db
    .insert(customers)
    .values({ vendorId: ctx.vendorId, email: "grace@customer.test" })
    .returning();
  const [plan] = await db.db
    .insert(plans)
    .values({ vendorId: ctx.vendorId, productId: ctx.software.id, name: "No grace", gracePeriodDays: 0 })
    .returning();
  if (!customer || !plan) throw new Error("fixtures");
  customerId = customer.id;
  planId = plan.id;
});
afterAll(async () => {
  await db.close();
});

async function license(expiresInDays: number, extra: { status?: StoredLicenseStatus; planId?: string } = {}) {
  const id = newId("lic");
  await db.db.insert(licenses).values({
    id,
    vendorId: ctx.vendorId,
    productId: ctx.software.id,
    planId: extra.planId ?? null,
    customerId,
    key: `GRC${id.slice(-13).toUpperCase()}`,
    status: extra.status ?? "active",
    expiresAt: at(expiresInDays),
  });
  return id;
}

describe("the customer's licenses in grace", () => {
  it("carry graceEndsAt only while in grace, by the effective policy", async () => {
    const inGrace = await license(-2);
    const current = await license(5);
    const pastGrace = await license(-8);
    const planNoGrace = await license(-2, { planId });
    const suspended = await license(-2, { status: "suspended" });
    const mine = await listMyLicenses(db.db, { vendorId: ctx.vendorId, customerId }, { now });
    const graceOf = (id: string) => mine.find((l) => l.id === id)?.graceEndsAt;
    expect(graceOf(inGrace)).toBe(at(5).toISOString());
    expect(graceOf(current)).toBeNull();
    expect(graceOf(pastGrace)).toBeNull();
    expect(graceOf(planNoGrace)).toBeNull();
    expect(graceOf(suspended)).toBeNull();
    expect(mine).toHaveLength(5);
  });
});
