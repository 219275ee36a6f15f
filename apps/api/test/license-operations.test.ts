import { flushLastVerified } from "@keyway/core";
import { activations, eq, lastVerified, sql } from "@keyway/db";
import { matchesKeyFormat } from "@keyway/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../src/server";
import { demoHeaders, startSecondServer, startTestServer, type TestServer } from "../src/testing";
import { callApi, grantLicense, type Json, productWithPolicy } from "./helpers-expiry";
import { createOtherVendor } from "./helpers-license";
import {
  activateDomains,
  addPlan,
  cacheOf,
  customerWithLicense,
  payloadsOf,
  signInCustomer,
  trpcCall,
  webhookEndpoint,
} from "./helpers-license-operations";

/**
 * Changing a license (`PATCH /licenses/{id}`: seats, plan, expiry, name, metadata) and reissuing
 * its key (vendor REST, customer portal), as a vendor's code and a second server see it.
 */
let server: TestServer;
let second: RunningServer;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  second = await startSecondServer(server, { RATE_LIMIT: "off" });
});
afterAll(async () => {
  await second?.close();
  await server?.close();
});

const vendor = demoHeaders.bearer;
const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = vendor) =>
  callApi(server, method, path, body, headers);
const patch = (id: string, body: unknown) => call("PATCH", `/licenses/${id}`, body);

const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000);

async function newLicense() {
  const product = await productWithPolicy(server.testDb.db, server.demoVendorId, {});
  const license = await grantLicense(server.testDb.db, server.demoVendorId, product.id);
  return { ...license, productId: product.id, keyFormat: product.keyFormat };
}

async function validateOn(on: RunningServer | TestServer, key: string) {
  const res = await fetch(`${on.url}/api/v1/licenses/validate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key }),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

describe("PATCH /licenses/{id}: seats", () => {
  it("never below the seats in use; releaseExtra releases the least recently seen; the new limit holds", async () => {
    const license = await newLicense();
    expect((await patch(license.id, { maxSeats: 3 })).body).toMatchObject({ maxSeats: 3 });
    expect(await activateDomains(server, license.key, ["a.example", "b.example", "c.example"])).toEqual([
      200, 200, 200,
    ]);
    // Last seen: a an hour ago, c two hours ago, b three.
    await flushLastVerified(server.deps.db);
    for (const [value, hours] of [
      ["a.example", 1],
      ["b.example", 3],
      ["c.example", 2],
    ] as const) {
      const [seat] = await server.testDb.db
        .update(activations)
        .set({ activatedAt: ago(hours), heartbeatAt: ago(hours) })
        .where(sql`${activations.licenseId} = ${license.id} and ${activations.value} = ${value}`)
        .returning({ id: activations.id });
      await server.testDb.db
        .update(lastVerified)
        .set({ at: ago(hours) })
        .where(eq(lastVerified.id, seat?.id ?? ""));
    }

    const refused = await patch(license.id, { maxSeats: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain("3 seats are in use");
    expect(refused.body.data).toMatchObject({ code: "conflict", details: { seatsUsed: 3, maxSeats: 1 } });

    const fitted = await patch(license.id, { maxSeats: 1, releaseExtra: true });
    expect(fitted.status).toBe(200);
    expect(fitted.body).toMatchObject({ maxSeats: 1, seatsUsed: 1 });
    expect((fitted.body.activations as { value: string }[]).map((a) => a.value)).toEqual(["a.example"]);

    await patch(license.id, { maxSeats: 2 });
    expect(await activateDomains(server, license.key, ["d.example", "e.example"])).toEqual([200, 409]);

    const events = await call("GET", `/licenses/${license.id}/events?limit=20`);
    const items = events.body.items as { type: string; data: Record<string, unknown> }[];
    expect(items.filter((e) => e.type === "license.released").map((e) => e.data.value)).toEqual(
      expect.arrayContaining(["b.example", "c.example"]),
    );
    const shrink = items.find(
      (e) => e.type === "license.updated" && JSON.stringify(e.data.changes).includes('"to":1'),
    );
    expect(shrink?.data).toMatchObject({ changes: { max_seats: { from: 3, to: 1 } } });
  });
});

describe("PATCH /licenses/{id}: plan, name, metadata, and nothing else", () => {
  it("takes a plan of the license's product only, not archived", async () => {
    const license = await newLicense();
    const plan = await addPlan(server.testDb.db, server.demoVendorId, license.productId);
    const ok = await patch(license.id, { planId: plan.id });
    expect(ok).toMatchObject({ status: 200, body: { plan: { id: plan.id, name: plan.name } } });

    const elsewhere = await newLicense();
    const foreign = await addPlan(server.testDb.db, server.demoVendorId, elsewhere.productId);
    const refused = await patch(license.id, { planId: foreign.id });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain("planId");
    const archived = await addPlan(server.testDb.db, server.demoVendorId, license.productId, true);
    expect((await patch(license.id, { planId: archived.id })).status).toBe(400);
    expect((await call("GET", `/licenses/${license.id}`)).body.plan).toMatchObject({ id: plan.id });
  });

  it("keeps name and metadata; validation returns the metadata; over 8 KB is refused", async () => {
    const license = await newLicense();
    const metadata = { tier: "gold", crm: { id: 1042, tags: ["vip"] } };
    const res = await patch(license.id, { name: "ACME build server", metadata });
    expect(res).toMatchObject({ status: 200, body: { name: "ACME build server", metadata } });
    expect(await validateOn(server, license.key)).toMatchObject({
      status: 200,
      body: { license: { metadata } },
    });

    const big = await patch(license.id, { metadata: { blob: "x".repeat(8200) } });
    expect(big.status).toBe(400);
    expect(JSON.stringify(big.body.issues)).toContain("8192 bytes");
    expect((await patch(license.id, { name: "n".repeat(201) })).status).toBe(400);
    const cleared = await patch(license.id, { name: null, metadata: null });
    expect(cleared.body).toMatchObject({ name: null, metadata: null });
  });

  it.each([[{ key: "GA-AAAA-BBBB-CCCC" }], [{ status: "active" }], [{ customerId: "cus_x", name: "n" }]])(
    "refuses a field it does not change: %j",
    async (body) => {
      const license = await newLicense();
      const res = await patch(license.id, body);
      expect(res.status).toBe(400);
      expect(res.body.data).toMatchObject({ code: "invalid_input" });
      expect(JSON.stringify(res.body.issues)).toContain(`"${Object.keys(body)[0]}"`);
      expect((await call("GET", `/licenses/${license.id}`)).body).toMatchObject({
        key: license.key,
        name: null,
      });
    },
  );

  it("sends one license.updated with each change, metadata only as changed", async () => {
    const endpointId = await webhookEndpoint(server, vendor, ["license.updated"]);
    const license = await newLicense();
    const until = new Date(Date.now() + 40 * 86_400_000).toISOString();
    await patch(license.id, {
      name: "Render farm",
      maxSeats: 4,
      expiresAt: until,
      metadata: { secret_note: "do-not-echo" },
      reason: "upgrade",
    });
    const bodies = (await payloadsOf(server.testDb.db, endpointId)).filter(
      (p) => p.data.license_id === license.id,
    );
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({
      type: "license.updated",
      data: {
        reason: "upgrade",
        changes: {
          name: { from: null, to: "Render farm" },
          max_seats: { from: 1, to: 4 },
          expires_at: { to: until },
          metadata: { changed: true },
        },
      },
    });
    expect(JSON.stringify(bodies)).not.toContain("do-not-echo");
  });
});

describe("POST /licenses/{id}/reissue-key", () => {
  it("gives a new key: the old one is not found, the new one valid with the same seats and expiry", async () => {
    const endpointId = await webhookEndpoint(server, vendor, ["license.key_reissued"]);
    const license = await newLicense();
    await activateDomains(server, license.key, ["seat.example"]);
    const before = (await call("GET", `/licenses/${license.id}`)).body;

    const res = await call(
      "POST",
      `/licenses/${license.id}/reissue-key`,
      {},
      { ...vendor, "idempotency-key": `r-${license.id}` },
    );
    expect(res.status).toBe(200);
    const newKey = res.body.key as string;
    expect(newKey).not.toBe(license.key);
    expect(matchesKeyFormat(license.keyFormat, newKey)).toBe(true);
    expect(res.body).toMatchObject({ id: license.id, expiresAt: before.expiresAt, seatsUsed: 1 });

    const old = await validateOn(server, license.key);
    expect(old.status).toBe(404);
    expect(old.body.data).toMatchObject({ code: "license_not_found" });
    expect(await validateOn(server, newKey)).toMatchObject({ status: 200, body: { valid: true } });

    // A retry with the same Idempotency-Key answers the same new key, and does not reissue again.
    const replay = await call(
      "POST",
      `/licenses/${license.id}/reissue-key`,
      {},
      { ...vendor, "idempotency-key": `r-${license.id}` },
    );
    expect(replay.body.key).toBe(newKey);

    const bodies = (await payloadsOf(server.testDb.db, endpointId)).filter(
      (p) => p.data.license_id === license.id,
    );
    expect(bodies).toHaveLength(1);
    expect(bodies[0]?.data).toMatchObject({
      old_key_last4: license.key.slice(-4),
      new_key_last4: newKey.slice(-4),
    });
    const everything = JSON.stringify({
      bodies,
      events: (await call("GET", `/licenses/${license.id}/events`)).body,
    });
    expect(everything).not.toContain(newKey);
    const reissuedEvent = JSON.stringify(bodies);
    expect(reissuedEvent).not.toContain(license.key);
  });

  it("the old key is refused on a second server as soon as its cache has heard the change", async () => {
    const license = await newLicense();
    expect((await validateOn(second, license.key)).status).toBe(200);
    expect((await validateOn(second, license.key)).status).toBe(200);
    const res = await call("POST", `/licenses/${license.id}/reissue-key`, {});
    const newKey = res.body.key as string;
    // NOTIFY reaches the second server's cache; sync() waits for what was sent, without sleeping.
    await cacheOf(second).sync();
    expect((await validateOn(second, license.key)).status).toBe(404);
    expect(await validateOn(second, newKey)).toMatchObject({ status: 200, body: { valid: true } });
  });

  it("another vendor's license is not found; no credential is 401", async () => {
    const license = await newLicense();
    expect((await call("POST", `/licenses/${license.id}/reissue-key`, {}, {})).status).toBe(401);
    const other = await createOtherVendor(server.testDb.db);
    expect((await call("POST", `/licenses/${license.id}/reissue-key`, {}, other.headers)).status).toBe(404);
    expect((await validateOn(server, license.key)).status).toBe(200);
  });
});

describe("reissuing a key from the customer portal", () => {
  it("the customer reissues their own license; another customer's is not found and keeps its key", async () => {
    const product = await productWithPolicy(server.testDb.db, server.demoVendorId, {});
    const mine = await customerWithLicense(server, product.id);
    const theirs = await customerWithLicense(server, product.id);
    const session = await signInCustomer(server, mine.email);

    const refused = await trpcCall(
      server,
      "customer.reissueLicenseKey",
      { licenseId: theirs.license.id },
      session,
    );
    expect(refused.status).toBe(404);
    expect(await validateOn(server, theirs.license.key)).toMatchObject({ status: 200 });

    const done = await trpcCall(
      server,
      "customer.reissueLicenseKey",
      { licenseId: mine.license.id },
      session,
    );
    expect(done.status).toBe(200);
    const newKey = (done.body.result?.data as { key?: string } | undefined)?.key ?? "";
    expect(newKey).not.toBe(mine.license.key);
    expect((await validateOn(server, mine.license.key)).status).toBe(404);
    expect((await validateOn(server, newKey)).status).toBe(200);
    expect(
      (await trpcCall(server, "customer.reissueLicenseKey", { licenseId: mine.license.id })).status,
    ).toBe(401);
  });
});
