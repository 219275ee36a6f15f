import { verificationCacheOf } from "@keyway/core";
import { eq, licenses } from "@keyway/db";
import { DEMO } from "@keyway/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../src/server";
import { demoHeaders, startSecondServer, startTestServer, type TestServer } from "../src/testing";
import { createOtherVendor } from "./helpers-license";
import { restClient } from "./vendor-rest-client";

/**
 * Entitlements (issue 19 §1): codes a vendor defines and attaches to products, plans and
 * licenses; native validation answers a license's effective set and refuses one lacking a
 * required code; certificates carry them. Two servers over one database, as in
 * verification-freshness.test.ts: a change is the next answer of both (after `sync()`, which waits
 * for the change's NOTIFY to reach each cache).
 */
let first: TestServer;
let second: RunningServer;
let rest: ReturnType<typeof restClient>["rest"];
let walk: ReturnType<typeof restClient>["walk"];
const vendor = demoHeaders.bearer;

beforeAll(async () => {
  first = await startTestServer({ RATE_LIMIT: "off" });
  ({ rest, walk } = restClient(first.url));
  second = await startSecondServer(first, { RATE_LIMIT: "off" });
});

afterAll(async () => {
  await second?.close();
  await first?.close();
});

type Answer = {
  valid?: boolean;
  entitlements?: string[];
  certificate?: string | null;
  data?: { code?: string; details?: { missing?: string[] } };
};

async function validate(server: RunningServer, body: Record<string, unknown>) {
  const res = await fetch(`${server.url}/api/v1/licenses/validate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

/** Both servers' caches have heard every change committed so far. */
async function settle() {
  for (const server of [first, second]) {
    const cache = verificationCacheOf(server.deps.db);
    if (!cache) throw new Error("the server runs without a verification cache");
    await cache.sync();
  }
}

/** The license's codes as each server answers them (the same on both, or the test fails). */
async function codesOnBoth(key: string, scope: Record<string, string> = {}) {
  const answers = [];
  for (const server of [first, second]) {
    const res = await validate(server, { key, ...scope });
    expect(res.status).toBe(200);
    answers.push(res.body.entitlements);
  }
  expect(answers[1]).toEqual(answers[0]);
  return answers[0];
}

async function createEntitlement(code: string, headers: Record<string, string> = vendor) {
  const res = await rest<{ id: string; code: string }>(headers, "POST", "/entitlements", {
    code,
    name: code.toLowerCase().replace(/_/g, " "),
  });
  expect(res.status).toBe(200);
  return res.body;
}

async function demoRows() {
  const db = first.testDb.db;
  const [license] = await db.select().from(licenses).where(eq(licenses.key, DEMO.licenses.active));
  if (!license?.planId || !license.customerId) throw new Error("demo license");
  return { license, productId: license.productId, planId: license.planId };
}

describe("a vendor's entitlements", () => {
  it("are created, listed page by page, read, changed and deleted; a duplicate code is refused in words", async () => {
    const a = await createEntitlement("CRUD_ALPHA");
    await createEntitlement("CRUD_BETA");
    await createEntitlement("CRUD_GAMMA");

    const duplicate = await rest<{ message: string; data: { code: string } }>(
      vendor,
      "POST",
      "/entitlements",
      {
        code: "CRUD_ALPHA",
        name: "Again",
      },
    );
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.message).toBe("You already have an entitlement with the code CRUD_ALPHA.");

    const badCode = await rest(vendor, "POST", "/entitlements", { code: "pro-export", name: "Lower case" });
    expect(badCode.status).toBe(400);

    const listed = await walk(vendor, "/entitlements", 2);
    expect(listed.ids).toEqual(expect.arrayContaining([a.id]));
    expect(listed.pages).toBeGreaterThanOrEqual(2);

    const changed = await rest<{ code: string; name: string; description: string | null }>(
      vendor,
      "PATCH",
      `/entitlements/${a.id}`,
      { name: "Alpha feature", description: "The first one." },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      code: "CRUD_ALPHA",
      name: "Alpha feature",
      description: "The first one.",
    });
    const clash = await rest(vendor, "PATCH", `/entitlements/${a.id}`, { code: "CRUD_BETA" });
    expect(clash.status).toBe(409);

    expect((await rest(vendor, "GET", `/entitlements/${a.id}`)).status).toBe(200);
    expect((await rest(vendor, "DELETE", `/entitlements/${a.id}`)).body).toEqual({ id: a.id, deleted: true });
    expect((await rest(vendor, "GET", `/entitlements/${a.id}`)).status).toBe(404);
  });
});

describe("validation answers a license's entitlements", () => {
  it("attached to its product: both servers answer it; requiring a missing one is a 403 naming it", async () => {
    const { productId } = await demoRows();
    const scope = { domain: "example.com" };
    expect(await codesOnBoth(DEMO.licenses.active, scope)).toEqual([]);

    const pro = await createEntitlement("PRO_EXPORT");
    const attached = await rest(vendor, "PUT", `/products/${productId}/entitlements/${pro.id}`);
    expect(attached.status).toBe(200);
    expect(attached.body).toEqual({ holder: "product", id: productId, entitlements: ["PRO_EXPORT"] });
    await settle();
    expect(await codesOnBoth(DEMO.licenses.active, scope)).toEqual(["PRO_EXPORT"]);

    const granted = await validate(second, {
      key: DEMO.licenses.active,
      ...scope,
      entitlements: ["PRO_EXPORT"],
    });
    expect(granted.status).toBe(200);
    const refused = await validate(second, {
      key: DEMO.licenses.active,
      ...scope,
      entitlements: ["PRO_EXPORT", "API_ACCESS", "TEAM_SYNC"],
    });
    expect(refused.status).toBe(403);
    expect(refused.body.data).toMatchObject({
      code: "entitlements_missing",
      details: { missing: ["API_ACCESS", "TEAM_SYNC"] },
    });

    const view = await rest<{ entitlements: string[] }>(
      vendor,
      "GET",
      `/licenses/${(await demoRows()).license.id}`,
    );
    expect(view.body.entitlements).toEqual(["PRO_EXPORT"]);
    const product = await rest<{ entitlements: string[] }>(vendor, "GET", `/products/${productId}`);
    expect(product.body.entitlements).toEqual(["PRO_EXPORT"]);
  });

  it("changing a plan's entitlements is the next answer for its existing licenses, on both servers", async () => {
    const { planId } = await demoRows();
    const api = await createEntitlement("API_ACCESS");
    expect(await codesOnBoth(DEMO.licenses.active)).not.toContain("API_ACCESS");

    expect((await rest(vendor, "PUT", `/plans/${planId}/entitlements/${api.id}`)).status).toBe(200);
    await settle();
    expect(await codesOnBoth(DEMO.licenses.active)).toContain("API_ACCESS");
    const entitlement = await rest<{ planIds: string[] }>(vendor, "GET", `/entitlements/${api.id}`);
    expect(entitlement.body.planIds).toEqual([planId]);
    const plan = await rest<{ entitlements: string[] }>(vendor, "GET", `/plans/${planId}`);
    expect(plan.body.entitlements).toEqual(["API_ACCESS"]);

    // A new code for the entitlement is what its licenses answer at once.
    await rest(vendor, "PATCH", `/entitlements/${api.id}`, { code: "API_ACCESS_V2" });
    await settle();
    expect(await codesOnBoth(DEMO.licenses.active)).toContain("API_ACCESS_V2");

    const detached = await rest(vendor, "DELETE", `/plans/${planId}/entitlements/${api.id}`);
    expect(detached.body).toMatchObject({ holder: "plan", entitlements: [] });
    await settle();
    const codes = await codesOnBoth(DEMO.licenses.active);
    expect(codes).not.toContain("API_ACCESS");
    expect(codes).not.toContain("API_ACCESS_V2");
  });

  it("a grant to one license is that license's alone", async () => {
    const { license } = await demoRows();
    const beta = await createEntitlement("BETA_CHANNEL");
    const granted = await rest(vendor, "PUT", `/licenses/${license.id}/entitlements/${beta.id}`);
    expect(granted.body).toEqual({ holder: "license", id: license.id, entitlements: ["BETA_CHANNEL"] });
    await settle();
    expect(await codesOnBoth(DEMO.licenses.active)).toContain("BETA_CHANNEL");
    expect((await validate(first, { key: DEMO.licenses.suspended })).status).toBe(403);
    await rest(vendor, "DELETE", `/licenses/${license.id}/entitlements/${beta.id}`);
    await settle();
    expect(await codesOnBoth(DEMO.licenses.active)).not.toContain("BETA_CHANNEL");
  });
});

describe("add-ons grant their entitlements to the customer's license of their base product", () => {
  it("a new add-on license, its suspension and its reinstatement are the next answer of the base license on both servers", async () => {
    const base = await rest<{ id: string }>(vendor, "POST", "/products", {
      kind: "software",
      name: "Entitled Base",
      bindingKind: "domain",
    });
    expect(base.status).toBe(200);
    const addon = await rest<{ id: string }>(vendor, "POST", "/products", {
      kind: "addon",
      name: "Entitled Add-on",
      parentProductId: base.body.id,
      bindingKind: "domain",
      price: 9900,
      currency: "USD",
    });
    expect(addon.status).toBe(200);
    const reports = await createEntitlement("ADDON_REPORTS");
    await rest(vendor, "PUT", `/products/${addon.body.id}/entitlements/${reports.id}`);

    const customerEmail = "entitled@example.com";
    const baseLicense = await rest<{ id: string; key: string }>(vendor, "POST", "/licenses", {
      productId: base.body.id,
      customerEmail,
    });
    expect(baseLicense.status).toBe(200);
    await settle();
    // Both caches now hold the base license's answer without the add-on.
    expect(await codesOnBoth(baseLicense.body.key)).toEqual([]);
    expect(await codesOnBoth(baseLicense.body.key)).toEqual([]);

    const addonLicense = await rest<{ id: string; entitlements: string[] }>(vendor, "POST", "/licenses", {
      productId: addon.body.id,
      customerEmail,
    });
    expect(addonLicense.status).toBe(200);
    expect(addonLicense.body.entitlements).toEqual(["ADDON_REPORTS"]);
    await settle();
    expect(await codesOnBoth(baseLicense.body.key)).toEqual(["ADDON_REPORTS"]);

    // A change to the add-on license announces only the add-on: the caches forget its base too.
    expect((await rest(vendor, "POST", `/licenses/${addonLicense.body.id}/suspend`, {})).status).toBe(200);
    await settle();
    expect(await codesOnBoth(baseLicense.body.key)).toEqual([]);
    expect((await rest(vendor, "POST", `/licenses/${addonLicense.body.id}/reinstate`, {})).status).toBe(200);
    await settle();
    expect(await codesOnBoth(baseLicense.body.key)).toEqual(["ADDON_REPORTS"]);

    // Another customer's base license of the same product gets nothing from it.
    const stranger = await rest<{ key: string }>(vendor, "POST", "/licenses", {
      productId: base.body.id,
      customerEmail: "stranger@example.com",
    });
    expect(await codesOnBoth(stranger.body.key)).toEqual([]);
  });
  it("an add-on bought through a checkout grants its codes once its order is paid", async () => {
    const base = await rest<{ id: string }>(vendor, "POST", "/products", {
      kind: "software",
      name: "Sold Base",
    });
    const addon = await rest<{ id: string; number: number }>(vendor, "POST", "/products", {
      kind: "addon",
      name: "Sold Add-on",
      parentProductId: base.body.id,
      bindingKind: "serial",
      price: 4900,
      currency: "USD",
    });
    expect(addon.status).toBe(200);
    const sync = await createEntitlement("ADDON_SYNC");
    await rest(vendor, "PUT", `/products/${addon.body.id}/entitlements/${sync.id}`);
    const customerEmail = "buyer-of-addon@example.com";
    const baseLicense = await rest<{ key: string }>(vendor, "POST", "/licenses", {
      productId: base.body.id,
      customerEmail,
    });
    await settle();
    expect(await codesOnBoth(baseLicense.body.key)).toEqual([]);

    const order = await rest<{ paymentUrl: string }>(vendor, "POST", "/orders", {
      item: { kind: "addon", productNumber: addon.body.number, serialNo: "B-55501234" },
      customer: { email: customerEmail },
      testMode: true,
    });
    expect(order.status).toBe(200);
    // Pending (unpaid): the add-on grants nothing yet.
    await settle();
    expect(await codesOnBoth(baseLicense.body.key)).toEqual([]);
    const paid = await fetch(order.body.paymentUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=pay",
      redirect: "manual",
    });
    expect(paid.status).toBeLessThan(400);
    await settle();
    expect(await codesOnBoth(baseLicense.body.key)).toEqual(["ADDON_SYNC"]);
  });
});

describe("certificates carry the entitlements", () => {
  it("a verified certificate (the client's offline check) names the license's codes", async () => {
    const { verifyCertificate } = await import("../../../packages/client/src/verify-certificate");
    const { productId } = await demoRows();
    const offline = await createEntitlement("OFFLINE_MODE");
    await rest(vendor, "PUT", `/products/${productId}/entitlements/${offline.id}`);
    await settle();
    const res = await validate(second, {
      key: DEMO.licenses.active,
      domain: "example.com",
      certificate: true,
    });
    expect(res.status).toBe(200);
    const signingKey = await rest<{ publicKey: string }>(
      {},
      "GET",
      `/vendors/${DEMO.vendorSlug}/signing-key`,
    );
    const check = verifyCertificate(res.body.certificate ?? "", signingKey.body.publicKey);
    expect(check.valid).toBe(true);
    if (!check.valid) return;
    expect(check.entitlements).toContain("OFFLINE_MODE");
    expect(check.entitlements).toEqual(res.body.entitlements);
    expect(check.facts.entitlements).toEqual(res.body.entitlements);
  });
});

describe("another vendor's entitlements", () => {
  it("cannot be attached, read or changed by the demo vendor, nor attached to its rows", async () => {
    const other = await createOtherVendor(first.testDb.db);
    const theirs = await createEntitlement("THEIR_FEATURE", other.headers);
    const { productId, planId, license } = await demoRows();

    for (const path of [
      `/products/${productId}/entitlements/${theirs.id}`,
      `/plans/${planId}/entitlements/${theirs.id}`,
      `/licenses/${license.id}/entitlements/${theirs.id}`,
    ]) {
      const res = await rest<{ data: { code: string } }>(vendor, "PUT", path);
      expect(res.status).toBe(404);
      expect(res.body.data.code).toBe("not_found");
    }
    expect((await rest(vendor, "GET", `/entitlements/${theirs.id}`)).status).toBe(404);
    expect((await rest(vendor, "PATCH", `/entitlements/${theirs.id}`, { name: "Mine now" })).status).toBe(
      404,
    );
    expect((await rest(vendor, "DELETE", `/entitlements/${theirs.id}`)).status).toBe(404);

    // Their entitlement on our product: the product reads as not found to them.
    const mine = await createEntitlement("DEMO_ONLY");
    expect(
      (await rest(other.headers, "PUT", `/products/${productId}/entitlements/${theirs.id}`)).status,
    ).toBe(404);
    expect((await rest(other.headers, "PUT", `/products/${productId}/entitlements/${mine.id}`)).status).toBe(
      404,
    );
    const listed = await walk(other.headers, "/entitlements", 50);
    expect(listed.ids).toEqual([theirs.id]);
  });
});
