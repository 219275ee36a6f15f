import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretBox, getVendorSettings, signUpVendor, updateVendorSettings } from "../../src/index";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => {
  await testDb.close();
});

const secrets = createSecretBox("vendor-settings-test-key");

describe("vendor settings", () => {
  it("takes an update that changes nothing as a no-op, not a failure", async () => {
    const db = testDb.db;
    const { vendorId } = await signUpVendor(db, {
      vendorName: "Settings Shop",
      email: "owner@settings-shop.test",
      password: "correct-horse-battery",
      timezone: "Asia/Kolkata",
      production: false,
    });
    const before = await getVendorSettings(db, { vendorId, secrets });
    const after = await updateVendorSettings(db, { vendorId, secrets });
    expect(after).toEqual(before);
    expect(after.name).toBe("Settings Shop");
    expect(after.timezone).toBe("Asia/Kolkata");
    // And a real change still lands.
    expect((await updateVendorSettings(db, { vendorId, secrets, name: "Renamed" })).name).toBe("Renamed");
  });
});
