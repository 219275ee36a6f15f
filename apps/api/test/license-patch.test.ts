import { DEMO } from "@keyway/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { callApi, daysFromNow, grantLicense, productWithPolicy } from "./helpers-expiry";
import { createOtherVendor } from "./helpers-license";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

const vendor = demoHeaders.bearer;
const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(server, method, path, body, headers);

async function licenseOf(policy: Parameters<typeof productWithPolicy>[2] = {}) {
  const product = await productWithPolicy(server.testDb.db, server.demoVendorId, policy);
  return grantLicense(server.testDb.db, server.demoVendorId, product.id);
}

const validate = (key: string) => call("POST", "/licenses/validate", { key });

describe("PATCH /api/v1/licenses/{licenseId}", () => {
  it("sets expiresAt in the past: a restrict license is refused at once", async () => {
    const license = await licenseOf();
    expect((await validate(license.key)).status).toBe(200);
    const past = daysFromNow(-1).toISOString();
    const res = await call(
      "PATCH",
      `/licenses/${license.id}`,
      { expiresAt: past, reason: "chargeback" },
      vendor,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: license.id, expiresAt: past, status: "expired" });
    const refused = await validate(license.key);
    expect(refused.status).toBe(403);
    expect(refused.body.data).toMatchObject({ code: "license_expired", details: { expiresAt: past } });
    const events = await call("GET", `/licenses/${license.id}/events`, undefined, vendor);
    expect(JSON.stringify(events.body)).toContain("chargeback");
  });

  it("in the past under maintain: still valid, answered with expired: true", async () => {
    const license = await licenseOf({ expiryStrategy: "maintain" });
    await call("PATCH", `/licenses/${license.id}`, { expiresAt: daysFromNow(-10).toISOString() }, vendor);
    const res = await validate(license.key);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: true, expired: true, grace: false, graceEndsAt: null });
  });

  it("in the future, or null for perpetual, makes an expired license valid again", async () => {
    const license = await licenseOf();
    await call("PATCH", `/licenses/${license.id}`, { expiresAt: daysFromNow(-1).toISOString() }, vendor);
    const future = daysFromNow(30).toISOString();
    const res = await call("PATCH", `/licenses/${license.id}`, { expiresAt: future }, vendor);
    expect(res.body).toMatchObject({ status: "active", expiresAt: future });
    expect(await validate(license.key)).toMatchObject({
      status: 200,
      body: { expired: false, grace: false, license: { expiresAt: future } },
    });
    const perpetual = await call("PATCH", `/licenses/${license.id}`, { expiresAt: null }, vendor);
    expect(perpetual.body).toMatchObject({ status: "active", expiresAt: null });
  });

  it("an empty body changes nothing; POST …/extend still sets the expiry", async () => {
    const license = await licenseOf();
    const before = await call("GET", `/licenses/${license.id}`, undefined, vendor);
    const same = await call("PATCH", `/licenses/${license.id}`, {}, vendor);
    expect(same.status).toBe(200);
    expect(same.body.expiresAt).toBe(before.body.expiresAt);
    const at = daysFromNow(-2).toISOString();
    const extended = await call("POST", `/licenses/${license.id}/extend`, { expiresAt: at }, vendor);
    expect(extended).toMatchObject({ status: 200, body: { expiresAt: at, status: "expired" } });
  });

  it.each([
    [{ expiresAt: "tomorrow" }],
    [{ expiresAt: "2030-01-01" }],
    [{ expiresAt: 1_900_000_000 }],
    [{ reason: "x".repeat(501) }],
  ])("refuses a malformed body %j with 400 in the native envelope", async (body) => {
    const license = await licenseOf();
    const res = await call("PATCH", `/licenses/${license.id}`, body, vendor);
    expect(res.status).toBe(400);
    expect(typeof res.body.message).toBe("string");
    expect(res.body.data).toMatchObject({ code: "invalid_input", httpStatus: 400 });
  });

  it("another vendor's license is not found, both ways; no credential is 401", async () => {
    const other = await createOtherVendor(server.testDb.db);
    const [demoLicense] = await server.testDb.db.query.licenses.findMany({
      where: (l, { eq }) => eq(l.key, DEMO.licenses.active),
    });
    if (!demoLicense) throw new Error("demo license");
    const body = { expiresAt: daysFromNow(-1).toISOString() };
    const theirs = await call("PATCH", `/licenses/${demoLicense.id}`, body, other.headers);
    expect(theirs.status).toBe(404);
    expect(theirs.body.data?.code).toBe("license_not_found");
    expect((await validate(DEMO.licenses.active)).status).toBe(200);

    const otherProduct = await productWithPolicy(server.testDb.db, server.demoVendorId, {});
    const mine = await grantLicense(server.testDb.db, server.demoVendorId, otherProduct.id);
    expect((await call("PATCH", `/licenses/${mine.id}`, body, other.headers)).status).toBe(404);
    expect((await call("PATCH", `/licenses/${mine.id}`, body)).status).toBe(401);
    expect((await validate(mine.key)).status).toBe(200);
  });

  it("is documented in /openapi.json", async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown; security?: unknown }>>;
    };
    const patch = document.paths["/licenses/{licenseId}"]?.patch;
    expect(patch).toBeDefined();
    expect(JSON.stringify(patch?.requestBody)).toContain("expiresAt");
  });
});
