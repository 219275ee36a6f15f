import { apiCredentials } from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProduct } from "../../src/catalog/products";
import { onboardingSteps } from "../../src/vendors/onboarding";
import { otherVendor } from "../licensing/helpers";

let db: TestDb;

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.close();
});

const ticked = async (vendorId: string) =>
  (await onboardingSteps(db.db, { vendorId })).steps.filter((s) => s.done).map((s) => s.key);

describe("the first-steps checklist", () => {
  it("starts empty and ticks each step from the store's data", async () => {
    const vendorId = await otherVendor(db.db);
    expect(await ticked(vendorId)).toEqual([]);

    await createProduct(db.db, { vendorId, kind: "software", name: "App", slug: "app" });
    expect(await ticked(vendorId)).toEqual(["product"]);

    await createProduct(db.db, {
      vendorId,
      kind: "package",
      name: "Pack",
      slug: "pack",
      price: 999,
      currency: "USD",
      durationValue: 1,
      durationUnit: "year",
    });
    await db.db.insert(apiCredentials).values({
      vendorId,
      name: "CI",
      key: "biz_onboarding",
      secretHash: "h-onboarding",
      secretHint: "abcd",
    });
    const after = await onboardingSteps(db.db, { vendorId });
    expect(after.steps.filter((s) => s.done).map((s) => s.key)).toEqual(["product", "price", "credential"]);
    expect(after.complete).toBe(false);
  });
});
