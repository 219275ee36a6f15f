import { eq, events, licenses } from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWhat } from "../../src/events/describe-event";
import { revokeLicense } from "../../src/licensing/change-license-state";
import { reissueLicenseKey } from "../../src/licensing/reissue-license-key";
import { updateLicense } from "../../src/licensing/update-license";
import { DomainError } from "../../src/shared/errors";
import { demoSetup, licenseRow, newLicense, otherVendor } from "./helpers";

/** Core's rules for changing a license and reissuing its key (the API tests cover the surfaces). */
let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
});
afterAll(async () => {
  await db.close();
});

const fresh = () => newLicense(db.db, { vendorId: ctx.vendorId, productId: ctx.software.id });
const eventsOf = (licenseId: string) => db.db.select().from(events).where(eq(events.licenseId, licenseId));

describe("updateLicense", () => {
  it("changes nothing, and records nothing, when every field given already has its value", async () => {
    const license = await fresh();
    const before = (await eventsOf(license.id)).length;
    await updateLicense(db.db, { vendorId: ctx.vendorId, licenseId: license.id, maxSeats: 1, name: null });
    expect((await eventsOf(license.id)).length).toBe(before);
  });

  it("compares metadata as JSON, whatever the order of its keys", async () => {
    const license = await fresh();
    const params = { vendorId: ctx.vendorId, licenseId: license.id };
    await updateLicense(db.db, { ...params, metadata: { a: 1, b: { c: [1, 2] } } });
    const count = (await eventsOf(license.id)).length;
    await updateLicense(db.db, { ...params, metadata: { b: { c: [1, 2] }, a: 1 } });
    expect((await eventsOf(license.id)).length).toBe(count);
  });

  it("refuses metadata over 8 KB and a name over 200 characters with the field named", async () => {
    const license = await fresh();
    const params = { vendorId: ctx.vendorId, licenseId: license.id };
    await expect(
      updateLicense(db.db, { ...params, metadata: { x: "é".repeat(4100) } }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "metadata" },
    });
    await expect(updateLicense(db.db, { ...params, name: "n".repeat(201) })).rejects.toMatchObject({
      details: { field: "name" },
    });
  });

  it("another vendor's license is not found", async () => {
    const license = await fresh();
    const other = await otherVendor(db.db);
    await expect(
      updateLicense(db.db, { vendorId: other, licenseId: license.id, name: "x" }),
    ).rejects.toMatchObject({
      code: "license_not_found",
    });
  });
});

describe("reissueLicenseKey", () => {
  it("keeps the license's id, seats and expiry; the event carries last 4 characters only", async () => {
    const license = await newLicense(db.db, {
      vendorId: ctx.vendorId,
      productId: ctx.software.id,
      binding: { value: "keep.example" },
    });
    const before = await licenseRow(db.db, license.id);
    const after = await reissueLicenseKey(db.db, { vendorId: ctx.vendorId, licenseId: license.id });
    expect(after).toMatchObject({ id: license.id, seatsUsed: 1, expiresAt: before.expiresAt?.toISOString() });
    expect(after.key).not.toBe(license.key);
    const [row] = await db.db.select().from(licenses).where(eq(licenses.key, license.key));
    expect(row).toBeUndefined();
    const reissued = (await eventsOf(license.id)).find((e) => e.type === "license.key_reissued");
    expect(reissued?.data).toMatchObject({
      old_key_last4: license.key.slice(-4),
      new_key_last4: after.key.slice(-4),
    });
    expect(JSON.stringify(reissued)).not.toContain(license.key);
    expect(JSON.stringify(reissued)).not.toContain(after.key);
  });

  it("refuses another customer's license as not found, and a revoked license", async () => {
    const license = await fresh();
    await expect(
      reissueLicenseKey(db.db, { vendorId: ctx.vendorId, licenseId: license.id, customerId: "cus_someone" }),
    ).rejects.toBeInstanceOf(DomainError);
    await revokeLicense(db.db, { vendorId: ctx.vendorId, licenseId: license.id });
    await expect(
      reissueLicenseKey(db.db, { vendorId: ctx.vendorId, licenseId: license.id }),
    ).rejects.toMatchObject({
      code: "license_revoked",
    });
  });
});

describe("the events in words", () => {
  it("says what changed, and never a whole key", () => {
    expect(
      describeWhat({
        type: "license.updated",
        actor: "system",
        data: {
          changes: {
            max_seats: { from: 1, to: 3 },
            name: { from: null, to: "Farm" },
            metadata: { changed: true },
            plan_id: { from: null, to: "pln_x" },
          },
          reason: "upgrade",
        },
      }),
    ).toBe("Changed seats 1 → 3, plan, name to ‘Farm’, metadata: upgrade");
    expect(
      describeWhat({
        type: "license.key_reissued",
        actor: "system",
        data: { old_key_last4: "ABCD", new_key_last4: "WXYZ" },
      }),
    ).toBe("Key reissued (…ABCD → …WXYZ)");
  });
});
