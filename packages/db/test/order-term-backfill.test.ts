import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, licenses, migrationsFolder, orders, plans, products, sql } from "../src/index";
import { seedDemo } from "../src/seed";
import { createTestDb, type TestDb } from "../src/testing";

let t: TestDb;
let vendorId: string;
beforeAll(async () => {
  t = await createTestDb();
  ({ vendorId } = await seedDemo(t.db));
});
afterAll(async () => {
  await t.close();
});

/** Migration 0006's data statements: what it does to orders opened before the term was stored. */
function backfillStatements(): string[] {
  const text = readFileSync(join(migrationsFolder, "0006_order_term.sql"), "utf8");
  return text
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => /^(--[^\n]*\n)*UPDATE/i.test(s));
}

async function order(values: Partial<typeof orders.$inferInsert> & Pick<typeof orders.$inferInsert, "kind">) {
  const n = Math.floor(Math.random() * 1e9);
  const [row] = await t.db
    .insert(orders)
    .values({
      vendorId,
      reference: `TXN-backfill-${n}`,
      token: `tok-backfill-${n}`,
      amount: 100,
      currency: "INR",
      expiresAt: new Date(Date.now() + 3_600_000),
      ...values,
    })
    .returning();
  if (!row) throw new Error("order");
  return row.id;
}

const termOf = async (id: string) => {
  const [row] = await t.db
    .select({ value: orders.durationValue, unit: orders.durationUnit })
    .from(orders)
    .where(eq(orders.id, id));
  return row;
};

describe("migration 0006: orders still open get the term paying them would have granted", () => {
  it("fills pending renewals from the plan's price of their cycle, else the product, and reserved licenses' orders from the license", async () => {
    const [plan] = await t.db
      .select()
      .from(plans)
      .where(and(eq(plans.vendorId, vendorId), eq(plans.name, "Business Suite")));
    const [addon] = await t.db
      .select()
      .from(products)
      .where(and(eq(products.vendorId, vendorId), eq(products.slug, "trading-analyzer")));
    const [license] = await t.db.select().from(licenses).where(eq(licenses.vendorId, vendorId)).limit(1);
    if (!plan || !addon || !license) throw new Error("the demo seed changed");
    const common = { licenseId: license.id, status: "pending" as const };

    const yearly = await order({ ...common, kind: "renewal", planId: plan.id, billingCycle: "yearly" });
    const oneOff = await order({ ...common, kind: "renewal", productId: addon.id });
    const reserved = await order({ ...common, kind: "addon", productId: addon.id });
    const paid = await order({
      ...common,
      kind: "renewal",
      planId: plan.id,
      billingCycle: "yearly",
      status: "paid",
    });

    const statements = backfillStatements();
    expect(statements).toHaveLength(3);
    for (const statement of statements) await t.db.execute(sql.raw(statement));

    expect(await termOf(yearly)).toEqual({ value: 1, unit: "year" });
    expect(await termOf(oneOff)).toEqual({ value: addon.durationValue, unit: addon.durationUnit });
    expect(await termOf(reserved)).toEqual({ value: license.durationValue, unit: license.durationUnit });
    expect(await termOf(paid)).toEqual({ value: null, unit: null });
  });
});
