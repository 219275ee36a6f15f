import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan, getPlan, updatePlan } from "../../src/catalog/plans";
import { createProduct, getProduct, updateProduct } from "../../src/catalog/products";
import { effectiveExpiryPolicy } from "../../src/lifecycle/expiry-policy";
import { DomainError } from "../../src/shared/errors";
import { demoSetup } from "../licensing/helpers";

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
const software = (extra: Record<string, unknown> = {}) =>
  createProduct(db.db, { vendorId, kind: "software", name: "Policy", slug: `policy-${++n}`, ...extra });

describe("a product's expiry policy", () => {
  it("takes the database's defaults when none is given", async () => {
    const p = await software();
    expect(p).toMatchObject({ expiryStrategy: "restrict", gracePeriodDays: 0, clockStartsAt: "purchase" });
  });

  it("is stored as given and edited field by field", async () => {
    const p = await software({
      expiryStrategy: "maintain",
      gracePeriodDays: 10,
      clockStartsAt: "first_activation",
    });
    expect(p).toMatchObject({
      expiryStrategy: "maintain",
      gracePeriodDays: 10,
      clockStartsAt: "first_activation",
    });
    const edited = await updateProduct(db.db, { vendorId, productId: p.id, gracePeriodDays: 0 });
    expect(edited).toMatchObject({
      expiryStrategy: "maintain",
      gracePeriodDays: 0,
      clockStartsAt: "first_activation",
    });
    const renamed = await updateProduct(db.db, { vendorId, productId: p.id, name: "Renamed" });
    expect(renamed).toMatchObject({ name: "Renamed", expiryStrategy: "maintain", gracePeriodDays: 0 });
  });

  it.each([366, -1, 2.5])("refuses a grace period of %d days with invalid_input", async (days) => {
    const p = await software();
    const refused = updateProduct(db.db, { vendorId, productId: p.id, gracePeriodDays: days });
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "gracePeriodDays" },
    });
    await expect(software({ gracePeriodDays: days })).rejects.toMatchObject({ code: "invalid_input" });
    expect((await getProduct(db.db, { vendorId, productId: p.id })).gracePeriodDays).toBe(0);
  });

  it("accepts the bounds, 0 and 365 days", async () => {
    expect((await software({ gracePeriodDays: 365 })).gracePeriodDays).toBe(365);
    expect((await software({ gracePeriodDays: 0 })).gracePeriodDays).toBe(0);
  });
});

describe("a plan's overrides", () => {
  it("are null (the product's) unless given; null resets one; the effective policy follows", async () => {
    const product = await software({ gracePeriodDays: 7 });
    const plan = await createPlan(db.db, { vendorId, productId: product.id, name: "Pro", prices: [] });
    expect(plan).toMatchObject({ expiryStrategy: null, gracePeriodDays: null, clockStartsAt: null });
    expect(effectiveExpiryPolicy(product, plan)).toEqual({
      expiryStrategy: "restrict",
      gracePeriodDays: 7,
      clockStartsAt: "purchase",
    });

    const overridden = await updatePlan(db.db, {
      vendorId,
      planId: plan.id,
      expiryStrategy: "maintain",
      gracePeriodDays: 0,
    });
    // 0 days is an override, not "the product's".
    expect(effectiveExpiryPolicy(product, overridden)).toMatchObject({
      expiryStrategy: "maintain",
      gracePeriodDays: 0,
    });

    const reset = await updatePlan(db.db, {
      vendorId,
      planId: plan.id,
      gracePeriodDays: null,
      name: "Pro 2",
    });
    expect(reset).toMatchObject({ name: "Pro 2", expiryStrategy: "maintain", gracePeriodDays: null });
    expect(effectiveExpiryPolicy(product, reset).gracePeriodDays).toBe(7);
    expect(await getPlan(db.db, { vendorId, planId: plan.id })).toMatchObject({ gracePeriodDays: null });
  });

  it("are validated as the product's", async () => {
    const product = await software();
    await expect(
      createPlan(db.db, { vendorId, productId: product.id, name: "Bad", prices: [], gracePeriodDays: 400 }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    const plan = await createPlan(db.db, {
      vendorId,
      productId: product.id,
      name: "Later",
      prices: [],
      clockStartsAt: "first_activation",
    });
    expect(plan.clockStartsAt).toBe("first_activation");
    await expect(updatePlan(db.db, { vendorId, planId: plan.id, gracePeriodDays: -3 })).rejects.toMatchObject(
      {
        code: "invalid_input",
      },
    );
  });
});
