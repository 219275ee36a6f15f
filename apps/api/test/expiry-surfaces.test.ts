import { formatLocalDate, verificationCacheOf } from "@keyway/core";
import { and, eq, events, products } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { callApi, daysFromNow, grantLicense, productWithPolicy } from "./helpers-expiry";

/**
 * Grace and `maintain` as each verification surface answers them (issue 15): the native
 * validate answer, Blenddoit's (seed 002) and Biznoq's status (seed 000); and the
 * `first_activation` clock started by a first verification. Expiry is moved into the past with
 * PATCH; the policy is set in the database.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

const TZ = "Asia/Kolkata"; // the demo vendor's
const DAY = 86_400_000;
const domain = "surfaces.example";
const db = () => server.testDb.db;

async function setPolicy(
  productId: string,
  policy: { gracePeriodDays?: number; expiryStrategy?: "restrict" | "maintain" },
) {
  await db().update(products).set(policy).where(eq(products.id, productId));
  // A policy change flushes every process's verification cache (migration 0008): wait for this one's.
  await verificationCacheOf(server.deps.db)?.sync();
}

/** A license of a new product under `policy`, bound to `domain`, expired `daysAgo` days ago by PATCH. */
async function expiredLicense(policy: Parameters<typeof productWithPolicy>[2], daysAgo: number) {
  const product = await productWithPolicy(db(), server.demoVendorId, policy);
  const license = await grantLicense(db(), server.demoVendorId, product.id);
  expect((await native(license.key)).status).toBe(200);
  const expiresAt = new Date(Math.floor(daysFromNow(-daysAgo).getTime() / 1000) * 1000);
  const patched = await callApi(
    server,
    "PATCH",
    `/licenses/${license.id}`,
    { expiresAt: expiresAt.toISOString() },
    demoHeaders.bearer,
  );
  expect(patched.status).toBe(200);
  return { ...license, product, expiresAt };
}

const native = (key: string) => callApi(server, "POST", "/licenses/validate", { key, domain });

async function blenddoit(key: string, softwareId: number) {
  const res = await fetch(`${server.url}/api/verify-license.php`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ software_id: String(softwareId), license_key: key, domain }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { status: string; message: string; data: Record<string, unknown> },
  };
}

async function biznoq(key: string) {
  const res = await fetch(`${server.url}/api/purchase/status/${encodeURIComponent(key)}`, {
    headers: demoHeaders.biznoq,
  });
  return ((await res.json()) as { license: { status: string; expiresAt: string | null } }).license;
}

describe("grace", () => {
  it("in grace every surface lets the license be used and says until when; after grace each refuses as before", async () => {
    const license = await expiredLicense({ gracePeriodDays: 5 }, 2);
    const graceEndsAt = new Date(license.expiresAt.getTime() + 5 * DAY).toISOString();
    const expiryDate = formatLocalDate(license.expiresAt, TZ);

    const ok = await native(license.key);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      valid: true,
      expired: true,
      grace: true,
      graceEndsAt,
      license: { status: "expired", expiresAt: license.expiresAt.toISOString() },
    });
    const bd = await blenddoit(license.key, license.product.number);
    expect(bd.status).toBe(200);
    expect(bd.body).toMatchObject({
      status: "success",
      message: "License verified successfully.",
      data: { status: "active", expiry_date: expiryDate, license_key: license.key },
    });
    expect(await biznoq(license.key)).toMatchObject({ status: "verified", expiresAt: expiryDate });

    // Grace shortened to 1 day: the license is now past it.
    await setPolicy(license.product.id, { gracePeriodDays: 1 });
    const refused = await native(license.key);
    expect(refused.status).toBe(403);
    expect(refused.body.data).toMatchObject({
      code: "license_expired",
      details: {
        expiresAt: license.expiresAt.toISOString(),
        graceEndsAt: new Date(license.expiresAt.getTime() + DAY).toISOString(),
      },
    });
    const bdRefused = await blenddoit(license.key, license.product.number);
    expect(bdRefused.status).toBe(403);
    expect(bdRefused.body).toMatchObject({
      status: "error",
      message: "License has expired, please renew now.",
      data: { status: "expired", expiry_date: expiryDate },
    });
    expect(await biznoq(license.key)).toMatchObject({ status: "expired", expiresAt: expiryDate });
  });
});

describe("maintain", () => {
  it("long after expiry every surface keeps the license valid; the native answer says it expired", async () => {
    const license = await expiredLicense({ expiryStrategy: "maintain" }, 60);
    expect(await native(license.key)).toMatchObject({
      status: 200,
      body: { valid: true, expired: true, grace: false, graceEndsAt: null, license: { status: "expired" } },
    });
    const bd = await blenddoit(license.key, license.product.number);
    expect(bd).toMatchObject({
      status: 200,
      body: {
        status: "success",
        data: { status: "active", expiry_date: formatLocalDate(license.expiresAt, TZ) },
      },
    });
    expect((await biznoq(license.key)).status).toBe("verified");

    // Back to restrict: refused everywhere.
    await setPolicy(license.product.id, { expiryStrategy: "restrict" });
    expect((await native(license.key)).body.data?.code).toBe("license_expired");
    expect((await blenddoit(license.key, license.product.number)).body.status).toBe("error");
    expect((await biznoq(license.key)).status).toBe("expired");
  });

  it("a license within its term answers expired: false, grace: false", async () => {
    const product = await productWithPolicy(db(), server.demoVendorId, {
      expiryStrategy: "maintain",
      gracePeriodDays: 3,
    });
    const license = await grantLicense(db(), server.demoVendorId, product.id);
    expect(await native(license.key)).toMatchObject({
      status: 200,
      body: { valid: true, expired: false, grace: false, graceEndsAt: null, license: { status: "active" } },
    });
  });
});

describe("the first_activation clock", () => {
  const clockStarts = async (licenseId: string) =>
    db()
      .select()
      .from(events)
      .where(and(eq(events.licenseId, licenseId), eq(events.type, "license.clock_started")));

  it("the term waits for the first validation, and starts once under 10 concurrent first validations", async () => {
    const product = await productWithPolicy(db(), server.demoVendorId, { clockStartsAt: "first_activation" });
    const license = await grantLicense(db(), server.demoVendorId, product.id);
    const before = await callApi(server, "GET", `/licenses/${license.id}`, undefined, demoHeaders.bearer);
    expect(before.body).toMatchObject({ clockPending: true, expiresAt: null, durationUnit: "month" });

    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 10 }, () => native(license.key)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const expiries = new Set(answers.map((a) => (a.body.license as { expiresAt: string }).expiresAt));
    expect(expiries.size).toBe(1);
    const [expiresAt] = [...expiries];
    // A month from the first validation.
    const month = new Date(started);
    month.setUTCMonth(month.getUTCMonth() + 1);
    expect(Math.abs(new Date(expiresAt ?? 0).getTime() - month.getTime())).toBeLessThan(60_000);

    const after = await callApi(server, "GET", `/licenses/${license.id}`, undefined, demoHeaders.bearer);
    expect(after.body).toMatchObject({ clockPending: false, expiresAt });
    expect(await clockStarts(license.id)).toHaveLength(1);
  });

  it("a Blenddoit verification starts it too and answers the new expiry date", async () => {
    const product = await productWithPolicy(db(), server.demoVendorId, { clockStartsAt: "first_activation" });
    const license = await grantLicense(db(), server.demoVendorId, product.id);
    expect((await biznoq(license.key)).expiresAt).toBeNull();
    const bd = await blenddoit(license.key, product.number);
    expect(bd.body.status).toBe("success");
    expect(bd.body.data.expiry_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await biznoq(license.key)).expiresAt).toBe(bd.body.data.expiry_date);
    expect(await clockStarts(license.id)).toHaveLength(1);
  });
});
