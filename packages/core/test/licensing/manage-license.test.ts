import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueCertificate } from "../../src/certificates/issue-certificate";
import { getVendorSigningKey } from "../../src/certificates/signing-key";
import { reinstateLicense, revokeLicense, suspendLicense } from "../../src/licensing/change-license-state";
import { extendLicense } from "../../src/licensing/extend-license";
import { getLicense, getLicenseByKey } from "../../src/licensing/get-license";
import { listLicenseEvents } from "../../src/licensing/list-license-events";
import { listLicenses } from "../../src/licensing/list-licenses";
import { releaseActivation } from "../../src/licensing/release-activation";
import { renewVendorLicense } from "../../src/licensing/renew-vendor-license";
import { verifyLicense } from "../../src/licensing/verify-license";
import { createSecretBox } from "../../src/shared/secrets";
import { DEMO, demoSetup, eventTypes, licenseRow, newLicense, otherVendor } from "./helpers";

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;
const secrets = createSecretBox("test-secret-key-0123456789");

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
});
afterAll(async () => {
  await db.close();
});

const fresh = (extra: Partial<Parameters<typeof newLicense>[1]> = {}) =>
  newLicense(db.db, {
    vendorId: ctx.vendorId,
    productId: ctx.software.id,
    binding: { value: "x.example" },
    ...extra,
  });

describe("state transitions", () => {
  it("active → suspended → active, each once, refused by verification while suspended", async () => {
    const l = await fresh();
    const p = { vendorId: ctx.vendorId, licenseId: l.id, reason: "chargeback" };
    expect((await suspendLicense(db.db, p)).status).toBe("suspended");
    expect((await suspendLicense(db.db, p)).status).toBe("suspended");
    const refused = await verifyLicense(db.db, { key: l.key, scope: { kind: "domain", value: "x.example" } });
    expect(!refused.ok && refused.error.code).toBe("license_suspended");
    const back = await reinstateLicense(db.db, p);
    expect(back.status).toBe("active");
    expect(back.suspendedAt).toBeNull();
    expect(await eventTypes(db.db, l.id)).toEqual([
      "license.created",
      "license.activated",
      "license.suspended",
      "license.reinstated",
    ]);
  });

  it("revoked is final: no reinstate, renew, extend or suspend", async () => {
    const l = await fresh();
    const p = { vendorId: ctx.vendorId, licenseId: l.id };
    expect((await revokeLicense(db.db, p)).status).toBe("revoked");
    expect((await revokeLicense(db.db, p)).status).toBe("revoked");
    for (const attempt of [
      () => reinstateLicense(db.db, p),
      () => suspendLicense(db.db, p),
      () => renewVendorLicense(db.db, p),
      () => extendLicense(db.db, { ...p, expiresAt: new Date(Date.now() + 86_400_000) }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "license_revoked" });
    }
    expect((await eventTypes(db.db, l.id)).filter((t) => t === "license.revoked")).toHaveLength(1);
  });

  it("pending cannot be suspended or reinstated; a renewal activates it", async () => {
    const l = await fresh({ status: "pending", binding: undefined });
    const p = { vendorId: ctx.vendorId, licenseId: l.id };
    await expect(suspendLicense(db.db, p)).rejects.toMatchObject({ code: "conflict" });
    await expect(reinstateLicense(db.db, p)).rejects.toMatchObject({ code: "conflict" });
    const now = new Date();
    const renewed = await renewVendorLicense(db.db, { ...p, now });
    expect(renewed.status).toBe("active");
  });

  it("an expired license reads expired, and renewal re-activates it from now", async () => {
    const past = new Date(Date.now() - 10 * 86_400_000);
    const l = await fresh({ expiresAt: past });
    expect((await getLicense(db.db, { vendorId: ctx.vendorId, licenseId: l.id })).status).toBe("expired");
    const now = new Date();
    const renewed = await renewVendorLicense(db.db, { vendorId: ctx.vendorId, licenseId: l.id, now });
    expect(renewed.status).toBe("active");
    const expected = new Date(now);
    expected.setUTCMonth(expected.getUTCMonth() + 1);
    expect(renewed.expiresAt && Math.abs(Date.parse(renewed.expiresAt) - expected.getTime())).toBeLessThan(
      3 * 86_400_000,
    );
    expect(renewed.renewedAt).toBe(now.toISOString());
  });

  it("renewal of an active license extends from its current expiry", async () => {
    const future = new Date(Date.now() + 20 * 86_400_000);
    const l = await fresh({ expiresAt: future });
    const renewed = await renewVendorLicense(db.db, {
      vendorId: ctx.vendorId,
      licenseId: l.id,
      durationValue: 10,
      durationUnit: "day",
    });
    expect(renewed.expiresAt).toBe(new Date(future.getTime() + 10 * 86_400_000).toISOString());
  });

  it("extend sets an exact expiry (or perpetual) and brings an expired license back", async () => {
    const l = await fresh({ expiresAt: new Date(Date.now() - 1000) });
    const until = new Date(Date.now() + 5 * 86_400_000);
    const extended = await extendLicense(db.db, {
      vendorId: ctx.vendorId,
      licenseId: l.id,
      expiresAt: until,
    });
    expect(extended.status).toBe("active");
    expect(extended.expiresAt).toBe(until.toISOString());
    const perpetual = await extendLicense(db.db, {
      vendorId: ctx.vendorId,
      licenseId: l.id,
      expiresAt: null,
    });
    expect(perpetual.expiresAt).toBeNull();
    expect(await eventTypes(db.db, l.id)).toContain("license.extended");
  });

  it("another vendor's license id reads as not found for every action", async () => {
    const l = await fresh();
    const other = await otherVendor(db.db);
    const p = { vendorId: other, licenseId: l.id };
    for (const attempt of [
      () => getLicense(db.db, p),
      () => suspendLicense(db.db, p),
      () => reinstateLicense(db.db, p),
      () => revokeLicense(db.db, p),
      () => renewVendorLicense(db.db, p),
      () => extendLicense(db.db, { ...p, expiresAt: null }),
      () => listLicenseEvents(db.db, p),
      () => getLicenseByKey(db.db, { key: l.key, vendorId: other }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "license_not_found" });
    }
    expect((await licenseRow(db.db, l.id)).status).toBe("active");
    expect((await listLicenses(db.db, { vendorId: other })).items).toEqual([]);
  });
});

describe("reads", () => {
  it("lists licenses newest first with seats, page by page", async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listLicenses(db.db, { vendorId: ctx.vendorId, limit: 3, cursor });
      for (const item of page.items) seen.add(item.id);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 50);
    const all = await listLicenses(db.db, { vendorId: ctx.vendorId, limit: 100 });
    expect(seen.size).toBe(all.items.length);
    const demo = all.items.find((i) => i.key === DEMO.licenses.addon);
    expect(demo?.activations[0]).toMatchObject({ kind: "serial", value: "12345678", label: "B-12345678" });
    await expect(listLicenses(db.db, { vendorId: ctx.vendorId, cursor: "garbage" })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("filters by derived status", async () => {
    const expired = await listLicenses(db.db, { vendorId: ctx.vendorId, status: "expired", limit: 100 });
    expect(expired.items.map((i) => i.key)).toContain(DEMO.licenses.expired);
    expect(expired.items.every((i) => i.status === "expired")).toBe(true);
    const active = await listLicenses(db.db, { vendorId: ctx.vendorId, status: "active", limit: 100 });
    expect(active.items.every((i) => i.status === "active")).toBe(true);
    expect(active.items.map((i) => i.key)).toContain(DEMO.licenses.active);
  });

  it("reads a license by key and releases a seat by id (customer-scoped)", async () => {
    const l = await fresh({ binding: { value: "moving.example" } });
    const { license } = await getLicenseByKey(db.db, { key: l.key.toLowerCase() });
    const seat = license.activations[0];
    expect(seat?.value).toBe("moving.example");
    if (!seat) return;
    await expect(
      releaseActivation(db.db, { vendorId: ctx.vendorId, activationId: seat.id, customerId: "cus_nobody" }),
    ).rejects.toMatchObject({ code: "not_found" });
    const after = await releaseActivation(db.db, { vendorId: ctx.vendorId, activationId: seat.id });
    expect(after.activations).toEqual([]);
    const timeline = await listLicenseEvents(db.db, { vendorId: ctx.vendorId, licenseId: l.id, limit: 2 });
    expect(timeline.items[0]?.type).toBe("license.released");
    expect(timeline.nextCursor).not.toBeNull();
    const rest = await listLicenseEvents(db.db, {
      vendorId: ctx.vendorId,
      licenseId: l.id,
      cursor: timeline.nextCursor ?? undefined,
    });
    // created and activated share a timestamp (one transaction): their order is not defined.
    const types = [...timeline.items, ...rest.items].map((e) => e.type).sort();
    expect(types).toEqual(["license.activated", "license.created", "license.released"]);
  });
});

describe("certificates", () => {
  it("generates the vendor key once, encrypted at rest, and signs verifiable certificates", async () => {
    const { createPublicKey, verify } = await import("node:crypto");
    const first = await getVendorSigningKey(db.db, secrets, { vendorSlug: "demo" });
    const second = await getVendorSigningKey(db.db, secrets, { vendorSlug: "demo" });
    expect(second.publicKey).toBe(first.publicKey);
    const out = await verifyLicense(db.db, {
      key: DEMO.licenses.active,
      scope: { kind: "domain", value: "example.com" },
      certificate: { secrets },
    });
    expect(out.ok).toBe(true);
    const cert = out.ok ? out.certificate : null;
    expect(cert).toMatch(/^kwc1\.[\w-]+\.[\w-]+$/);
    const [prefix, payload, sig] = (cert ?? "").split(".");
    const publicKey = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: first.publicKey },
      format: "jwk",
    });
    expect(
      verify(null, Buffer.from(`${prefix}.${payload}`), publicKey, Buffer.from(sig ?? "", "base64url")),
    ).toBe(true);
    const facts = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
    expect(facts).toMatchObject({
      v: 2,
      kid: first.kid,
      vendor: "demo",
      key: DEMO.licenses.active,
      binding: { kind: "domain", value: "example.com" },
      status: "active",
    });
    const byId = await issueCertificate(db.db, secrets, {
      vendorId: ctx.vendorId,
      licenseId: (await getLicenseByKey(db.db, { key: DEMO.licenses.addon })).license.id,
    });
    expect(byId.certificate.startsWith("kwc1.")).toBe(true);
    await expect(getVendorSigningKey(db.db, secrets, { vendorSlug: "nope" })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
