import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { suspendLicense } from "../../src/licensing/change-license-state";
import { getLicenseByKey } from "../../src/licensing/get-license";
import { issueLicense } from "../../src/licensing/issue-license";
import { statusUnderPolicy } from "../../src/licensing/license-standing";
import { verifyLicense } from "../../src/licensing/verify-license";
import { planWithPolicy, productWithPolicy } from "./expiry-policy-helpers";
import { demoSetup } from "./helpers";

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
});
afterAll(async () => {
  await db.close();
});

const DAY = 86_400_000;
const expiry = new Date("2031-03-01T00:00:00Z");
const at = (ms: number) => new Date(expiry.getTime() + ms);

/** A license of a new product under `policy` (and plan overrides), expiring at `expiry`. */
async function licenseUnder(
  policy: Parameters<typeof productWithPolicy>[2],
  planOverrides?: Parameters<typeof planWithPolicy>[3],
) {
  const product = await productWithPolicy(db.db, ctx, policy);
  const plan = planOverrides ? await planWithPolicy(db.db, ctx.vendorId, product.id, planOverrides) : null;
  const license = await db.db.transaction((tx) =>
    issueLicense(tx, {
      vendorId: ctx.vendorId,
      productId: product.id,
      planId: plan?.id ?? null,
      status: "active",
      expiresAt: expiry,
    }),
  );
  return { ...license, product };
}

async function answerAt(key: string, now: Date) {
  const out = await verifyLicense(db.db, { key, scope: { kind: "domain", value: "policy.example" }, now });
  return out.ok
    ? {
        ok: true as const,
        state: out.standing.state,
        expired: out.standing.expired,
        graceEndsAt: out.standing.graceEndsAt,
      }
    : { ok: false as const, code: out.error.code, details: out.error.details };
}

describe("verification by expiry policy", () => {
  it("restrict without grace: valid up to expiry, refused from it (as before policies)", async () => {
    const license = await licenseUnder({});
    expect(await answerAt(license.key, at(-1))).toMatchObject({ ok: true, state: "current", expired: false });
    const refused = await answerAt(license.key, at(0));
    expect(refused).toMatchObject({ ok: false, code: "license_expired" });
    expect(refused.ok ? null : refused.details).toEqual({
      status: "expired",
      expiresAt: expiry.toISOString(),
    });
  });

  it("grace: valid and saying so until grace ends, then refused naming its end", async () => {
    const license = await licenseUnder({ gracePeriodDays: 5 });
    const graceEnd = at(5 * DAY);
    expect(await answerAt(license.key, at(2 * DAY))).toEqual({
      ok: true,
      state: "grace",
      expired: true,
      graceEndsAt: graceEnd,
    });
    expect(await answerAt(license.key, at(5 * DAY - 1))).toMatchObject({ ok: true, state: "grace" });
    const after = await answerAt(license.key, at(5 * DAY));
    expect(after).toMatchObject({ ok: false, code: "license_expired" });
    expect(after.ok ? null : after.details).toMatchObject({ graceEndsAt: graceEnd.toISOString() });
  });

  it("maintain: still valid long after expiry, answered as expired (after any grace)", async () => {
    const license = await licenseUnder({ expiryStrategy: "maintain", gracePeriodDays: 3 });
    expect(await answerAt(license.key, at(DAY))).toMatchObject({ ok: true, state: "grace", expired: true });
    expect(await answerAt(license.key, at(400 * DAY))).toEqual({
      ok: true,
      state: "maintained",
      expired: true,
      graceEndsAt: null,
    });
  });

  it("a plan's overrides win over its product's policy, field by field", async () => {
    const maintained = await licenseUnder({ gracePeriodDays: 2 }, { expiryStrategy: "maintain" });
    expect(await answerAt(maintained.key, at(DAY))).toMatchObject({ ok: true, state: "grace" });
    expect(await answerAt(maintained.key, at(30 * DAY))).toMatchObject({ ok: true, state: "maintained" });
    const restricted = await licenseUnder(
      { expiryStrategy: "maintain", gracePeriodDays: 10 },
      { expiryStrategy: "restrict", gracePeriodDays: 0 },
    );
    expect(await answerAt(restricted.key, at(DAY))).toMatchObject({ ok: false, code: "license_expired" });
  });

  it("a policy keeps an expired term valid, not a suspended license", async () => {
    const license = await licenseUnder({ expiryStrategy: "maintain" });
    await suspendLicense(db.db, { vendorId: ctx.vendorId, licenseId: license.id });
    expect(await answerAt(license.key, at(DAY))).toMatchObject({ ok: false, code: "license_suspended" });
  });

  it("the status of answers without an `expired` flag reads active while the policy keeps the license valid", async () => {
    const license = await licenseUnder({ gracePeriodDays: 5 });
    const statusAt = async (now: Date) =>
      statusUnderPolicy((await getLicenseByKey(db.db, { key: license.key, now })).snapshot, now);
    expect(await statusAt(at(DAY))).toBe("active");
    expect(await statusAt(at(6 * DAY))).toBe("expired");
    // The vendor's own view keeps the truth: past its expiry.
    expect((await getLicenseByKey(db.db, { key: license.key, now: at(DAY) })).license.status).toBe("expired");
  });
});
