import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan, listPlans, setPlanPrice, updatePlan } from "../../src/catalog/plans";
import { createProduct, updateProduct } from "../../src/catalog/products";
import { demoSetup } from "../licensing/helpers";

/** Core refuses what the contract refuses, for callers that skip the contract, and duplicate plan names. */

let db: TestDb;
let vendorId: string;

beforeAll(async () => {
  db = await createTestDb();
  ({ vendorId } = await demoSetup(db.db));
});
afterAll(async () => {
  await db.close();
});

let n = 0;
const software = () =>
  createProduct(db.db, { vendorId, kind: "software", name: "Prices", slug: `prices-${++n}` });

describe("prices", () => {
  it.each([-500, 2.5, Number.NaN])("refuses a plan price of %d and stores no plan", async (amount) => {
    const product = await software();
    const refused = createPlan(db.db, {
      vendorId,
      productId: product.id,
      name: "Monthly",
      prices: [{ billingCycle: "monthly", amount }],
    });
    await expect(refused).rejects.toMatchObject({ code: "invalid_input", details: { field: "prices" } });
    expect(await listPlans(db.db, { vendorId, productId: product.id })).toEqual([]);
  });

  it("refuses a negative price set on an existing plan, and keeps the old one", async () => {
    const product = await software();
    const plan = await createPlan(db.db, {
      vendorId,
      productId: product.id,
      name: "Monthly",
      prices: [{ billingCycle: "monthly", amount: 49900 }],
    });
    const refused = setPlanPrice(db.db, {
      vendorId,
      planId: plan.id,
      billingCycle: "monthly",
      amount: -1,
      active: true,
    });
    await expect(refused).rejects.toMatchObject({ code: "invalid_input" });
    const [kept] = await listPlans(db.db, { vendorId, productId: product.id });
    expect(kept?.prices.map((p) => p.amount)).toEqual([49900]);
  });

  it("refuses a negative product price, new or edited", async () => {
    const refused = createProduct(db.db, {
      vendorId,
      kind: "addon",
      name: "Add-on",
      slug: `addon-${++n}`,
      price: -100,
    });
    await expect(refused).rejects.toMatchObject({ code: "invalid_input", details: { field: "price" } });
    const product = await software();
    await expect(updateProduct(db.db, { vendorId, productId: product.id, price: -1 })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});

describe("plan names", () => {
  it("refuses a second plan of one product with the same name, as a conflict", async () => {
    const product = await software();
    await createPlan(db.db, { vendorId, productId: product.id, name: "Pro", prices: [] });
    const twice = createPlan(db.db, { vendorId, productId: product.id, name: " pro ", prices: [] });
    await expect(twice).rejects.toMatchObject({ code: "conflict", details: { field: "name" } });
    expect((await listPlans(db.db, { vendorId, productId: product.id })).map((p) => p.name)).toEqual(["Pro"]);
  });

  it("allows the name on another product, and refuses renaming into a taken name", async () => {
    const [a, b] = [await software(), await software()];
    await createPlan(db.db, { vendorId, productId: a.id, name: "Pro", prices: [] });
    await createPlan(db.db, { vendorId, productId: b.id, name: "Pro", prices: [] });
    const basic = await createPlan(db.db, { vendorId, productId: a.id, name: "Basic", prices: [] });
    await expect(updatePlan(db.db, { vendorId, planId: basic.id, name: "PRO" })).rejects.toMatchObject({
      code: "conflict",
    });
    // Renaming a plan to its own name (or its own name in other case) is no conflict.
    await expect(updatePlan(db.db, { vendorId, planId: basic.id, name: "basic" })).resolves.toMatchObject({
      name: "basic",
    });
  });
});
