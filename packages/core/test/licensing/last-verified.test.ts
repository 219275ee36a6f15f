import { activations, eq, lastVerified } from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flushLastVerified, noteVerified } from "../../src/licensing/last-verified";
import { loadLicenseSnapshotByKey } from "../../src/licensing/license-snapshot";
import { verifyLicense } from "../../src/licensing/verify-license";
import { demoSetup, newLicense } from "./helpers";

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
});
afterAll(async () => {
  await db.close();
});

/** A license bound to one domain, and its seat's id. */
async function boundLicense(domain: string) {
  const license = await newLicense(db.db, {
    vendorId: ctx.vendorId,
    productId: ctx.software.id,
    binding: { value: domain },
  });
  const [seat] = await db.db.select().from(activations).where(eq(activations.licenseId, license.id));
  if (!seat) throw new Error("seat");
  return { license, seatId: seat.id };
}

const at = (ms: number) => new Date(Date.UTC(2031, 0, 1) + ms);

describe("the batched last-seen write (last_verified)", () => {
  it("writes the latest noted time of each license and seat, to the millisecond", async () => {
    const { license, seatId } = await boundLicense("seen.example");
    noteVerified(db.db, license.id, seatId, at(0));
    noteVerified(db.db, license.id, null, at(5_123));
    // An earlier time noted later (another request's clock) does not win.
    noteVerified(db.db, license.id, seatId, at(-1_000));
    await flushLastVerified(db.db);

    const snapshot = await loadLicenseSnapshotByKey(db.db, license.key);
    expect(snapshot?.license.lastVerifiedAt).toEqual(at(5_123));
    expect(snapshot?.activations.map((a) => a.lastVerifiedAt)).toEqual([at(0)]);
  });

  it("never moves a stored time backwards", async () => {
    const { license, seatId } = await boundLicense("later.example");
    noteVerified(db.db, license.id, seatId, at(60_000));
    await flushLastVerified(db.db);
    noteVerified(db.db, license.id, seatId, at(1_000));
    await flushLastVerified(db.db);

    const rows = await db.db.select().from(lastVerified).where(eq(lastVerified.id, license.id));
    expect(rows.map((r) => r.at)).toEqual([at(60_000)]);
    const snapshot = await loadLicenseSnapshotByKey(db.db, license.key);
    expect(snapshot?.activations[0]?.lastVerifiedAt).toEqual(at(60_000));
  });

  it("a license never verified has no time", async () => {
    const { license } = await boundLicense("never.example");
    const snapshot = await loadLicenseSnapshotByKey(db.db, license.key);
    expect(snapshot?.license.lastVerifiedAt).toBeNull();
  });

  it("a seat taken by a verification is stored as verified then, with no flush", async () => {
    const license = await newLicense(db.db, { vendorId: ctx.vendorId, productId: ctx.software.id });
    // Within the license's term (the other cases' 2031 clock is past it).
    const now = new Date();
    const out = await verifyLicense(db.db, {
      key: license.key,
      scope: { kind: "domain", value: "first.example" },
      now,
    });
    expect(out.ok && out.activation?.value).toBe("first.example");
    const seatId = out.ok ? out.activation?.id : undefined;
    const [stored] = await db.db
      .select()
      .from(lastVerified)
      .where(eq(lastVerified.id, seatId ?? ""));
    expect(stored?.at).toEqual(now);
  });
});
