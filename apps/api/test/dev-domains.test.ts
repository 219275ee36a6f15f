import { issueLicense, verificationCacheOf } from "@keyway/core";
import { activations, and, type Database, eq, isNull } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { productLikeDemo } from "./helpers-expiry";

/**
 * Development and staging domains take no seat (issue 19 §5): on a 1-seat license bound to its
 * production domain, localhost, private IPs, staging.*, dev.* and the product's own patterns still
 * verify — natively with `binding: "development"`, on Blenddoit with its usual success naming the
 * requested domain — and re-activating the production domain never takes a second seat.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

/** A domain-bound software product like the demo's, with its own number and dev patterns. */
function domainProduct(db: Database, vendorId: string, devDomainPatterns: string[] = []) {
  return productLikeDemo(db, vendorId, "devdomains", { bindingKind: "domain", devDomainPatterns });
}

async function oneSeatLicense(devDomainPatterns: string[] = [], maxSeats = 1) {
  const { db } = server.deps;
  const product = await domainProduct(db, server.demoVendorId, devDomainPatterns);
  const license = await db.transaction((tx) =>
    issueLicense(tx, { vendorId: server.demoVendorId, productId: product.id, status: "active", maxSeats }),
  );
  return { license, product };
}

type Body = Record<string, unknown> & { data?: { code?: string } };

async function native(path: string, body: unknown) {
  const res = await fetch(`${server.url}/api/v1/licenses/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Body };
}

async function blenddoit(fields: Record<string, string>) {
  const res = await fetch(`${server.url}/api/verify-license.php`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  return {
    status: res.status,
    body: (await res.json()) as { status: string; data: Record<string, unknown> },
  };
}

const seatsOf = (licenseId: string) =>
  server.deps.db
    .select()
    .from(activations)
    .where(and(eq(activations.licenseId, licenseId), isNull(activations.deactivatedAt)));

describe("development and staging domains", () => {
  it("verify on a 1-seat license without taking its seat (native)", async () => {
    const { license } = await oneSeatLicense();
    const bound = await native("activate", { key: license.key, domain: "shop.example.com" });
    expect(bound.status).toBe(200);
    expect(bound.body).toMatchObject({ binding: "seat", license: { seatsUsed: 1 } });

    for (const domain of [
      "localhost",
      "http://localhost:8080/wp-admin",
      "127.0.0.1",
      "192.168.1.5",
      "[::1]:3000",
      "shop.local",
      "shop.test",
      "app.localhost",
      "staging.shop.example.com",
      "dev.shop.example.com",
    ]) {
      for (const path of ["validate", "activate"]) {
        const res = await native(path, { key: license.key, domain });
        expect(res.status, `${path} ${domain}`).toBe(200);
        expect(res.body, `${path} ${domain}`).toMatchObject({
          valid: true,
          binding: "development",
          activation: null,
          license: { seatsUsed: 1, maxSeats: 1 },
        });
      }
    }
    // Near misses are production domains: the one seat is taken.
    for (const domain of ["devices.com", "mystaging.com"]) {
      const res = await native("activate", { key: license.key, domain });
      expect(res.status, domain).toBe(409);
      expect(res.body.data?.code).toBe("seat_limit_reached");
    }
    // A public IP is no domain name, as before.
    expect((await native("validate", { key: license.key, domain: "8.8.8.8" })).status).toBe(400);
    const heartbeat = await native("heartbeat", { key: license.key, domain: "localhost" });
    expect(heartbeat.body).toMatchObject({ alive: true, binding: "development", activation: null });
    expect(await seatsOf(license.id)).toHaveLength(1);
  });

  it("the first validation of an unbound license on localhost binds nothing", async () => {
    const { license } = await oneSeatLicense();
    expect((await native("validate", { key: license.key, domain: "localhost" })).body).toMatchObject({
      binding: "development",
    });
    expect(await seatsOf(license.id)).toHaveLength(0);
    const production = await native("validate", {
      key: license.key,
      domain: "https://www.Shop.example.com/x",
    });
    expect(production.body).toMatchObject({ binding: "seat", activation: { value: "shop.example.com" } });
  });

  it("verify on Blenddoit with its normal success and the requested domain", async () => {
    const { license, product } = await oneSeatLicense();
    const production = await blenddoit({
      software_id: String(product.number),
      license_key: license.key,
      domain: "shop.example.com",
    });
    expect(production.status).toBe(200);
    for (const [domain, shown] of [
      ["localhost", "localhost"],
      ["http://localhost:3000", "localhost"],
      ["192.168.0.10", "192.168.0.10"],
      ["staging.shop.example.com", "staging.shop.example.com"],
      ["https://www.dev.shop.example.com/", "dev.shop.example.com"],
    ] as const) {
      const res = await blenddoit({ software_id: String(product.number), license_key: license.key, domain });
      expect(res.status, domain).toBe(200);
      expect(res.body.status).toBe("success");
      expect(res.body.data.domain, domain).toBe(shown);
    }
    const other = await blenddoit({
      software_id: String(product.number),
      license_key: license.key,
      domain: "other.example.com",
    });
    expect(other.status).toBe(403);
    expect(await seatsOf(license.id)).toHaveLength(1);
  });

  it("a vendor's own pattern works, set through the catalog (and bad patterns are refused)", async () => {
    const { license, product } = await oneSeatLicense();
    await native("activate", { key: license.key, domain: "shop.example.com" });
    expect((await native("validate", { key: license.key, domain: "pr-42.preview.example.com" })).status).toBe(
      403,
    );

    const patch = (devDomainPatterns: string[]) =>
      fetch(`${server.url}/api/v1/products/${product.id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", ...demoHeaders.bearer },
        body: JSON.stringify({ devDomainPatterns }),
      });
    expect((await patch(["a.*.com"])).status).toBe(400);
    const saved = await patch(["*.Preview.Example.com"]);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ devDomainPatterns: ["*.preview.example.com"] });
    // The catalog's change message reaches this process's verification cache.
    await verificationCacheOf(server.deps.db)?.sync();

    const res = await native("validate", { key: license.key, domain: "pr-42.preview.example.com" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ binding: "development", activation: null });
    expect((await native("validate", { key: license.key, domain: "preview.example.com" })).status).toBe(403);
    expect(await seatsOf(license.id)).toHaveLength(1);
  });

  it("re-activating the same production domain never takes a second seat", async () => {
    // Three seats free: a second seat would be taken if the forms were not one domain.
    const { license } = await oneSeatLicense([], 3);
    const forms = [
      "shop.example.com",
      "https://www.shop.example.com/",
      "SHOP.example.com.",
      "shop.example.com:443",
    ];
    const answers = await Promise.all(
      forms.map((domain) => native("activate", { key: license.key, domain })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((a) => (a.body.activation as { id: string }).id)).size).toBe(1);
    expect(await seatsOf(license.id)).toHaveLength(1);
  });
});
