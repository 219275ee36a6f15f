import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activateSeat, deactivateSeat } from "../../src/licensing/seat-verification";
import { verifyLicense } from "../../src/licensing/verify-license";
import { DEMO, demoSetup, eventTypes, newLicense } from "./helpers";

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
});
afterAll(async () => {
  await db.close();
});

const domain = (value: string) => ({ kind: "domain" as const, value });

describe("verifyLicense", () => {
  it("accepts the demo license on its domain in every accepted form", async () => {
    for (const value of [
      "example.com",
      "www.example.com",
      "https://example.com",
      "http://www.example.com/path",
    ]) {
      const out = await verifyLicense(db.db, { key: DEMO.licenses.active, scope: domain(value) });
      expect(out.ok, value).toBe(true);
      if (out.ok) {
        expect(out.activation?.value).toBe("example.com");
        expect(out.bound).toBe(false);
        expect(out.snapshot.product.name).toBe("Example Product");
        expect(out.snapshot.plan).toMatchObject({ number: 1, name: "Monthly Plan" });
      }
    }
  });

  it("accepts lower-case keys and answers without a scope", async () => {
    const out = await verifyLicense(db.db, { key: DEMO.licenses.active.toLowerCase() });
    expect(out.ok).toBe(true);
  });

  it("refuses another domain, naming the registered one", async () => {
    const out = await verifyLicense(db.db, { key: DEMO.licenses.active, scope: domain("newsite.com") });
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.code).toBe("binding_mismatch");
      expect(out.error.details).toMatchObject({ registered: ["example.com"], requested: "newsite.com" });
    }
  });

  it.each([
    [DEMO.licenses.expired, "license_expired"],
    [DEMO.licenses.suspended, "license_suspended"],
    ["NOSUCHKEY0000000", "license_not_found"],
    ["bad key!", "invalid_key_format"],
    ["X".repeat(10_000), "invalid_key_format"],
  ])("%s → %s", async (key, code) => {
    const out = await verifyLicense(db.db, { key, scope: domain("example.com") });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.code).toBe(code);
  });

  it("refuses a malformed scope before any lookup", async () => {
    // A public IP is no domain name (a private one is a development address: dev-domains.ts).
    const out = await verifyLicense(db.db, { key: DEMO.licenses.active, scope: domain("8.8.8.8") });
    expect(!out.ok && out.error.code).toBe("invalid_input");
  });

  it("checks a product-scoped key: unknown product, wrong format, another product's key", async () => {
    const software = { kind: "software" as const, number: 1 };
    const noProduct = await verifyLicense(db.db, {
      key: DEMO.licenses.active,
      product: { kind: "software", number: 999 },
    });
    expect(!noProduct.ok && noProduct.error.code).toBe("not_found");
    const wrongFormat = await verifyLicense(db.db, { key: "ABC-DEF", product: software });
    expect(!wrongFormat.ok && wrongFormat.error.code).toBe("invalid_key_format");
    // The add-on's key has another product's shape; a 16-char key of another product is "not found".
    const otherProduct = await verifyLicense(db.db, { key: "SUSPENDED0000002", product: software });
    expect(!otherProduct.ok && otherProduct.error.code).toBe("license_not_found");
    const ok = await verifyLicense(db.db, {
      key: DEMO.licenses.active,
      product: software,
      scope: domain("example.com"),
    });
    expect(ok.ok).toBe(true);
  });

  it("treats Busy serials with and without the B- prefix as the same seat", async () => {
    for (const value of ["B-12345678", "12345678"]) {
      const out = await verifyLicense(db.db, { key: DEMO.licenses.addon, scope: { kind: "serial", value } });
      expect(out.ok, value).toBe(true);
      if (out.ok) expect(out.activation?.label).toBe("B-12345678");
    }
    const wrongKind = await verifyLicense(db.db, { key: DEMO.licenses.addon, scope: domain("example.com") });
    expect(!wrongKind.ok && wrongKind.error.code).toBe("invalid_input");
  });

  it("binds an unbound license on its first verification, then refuses other domains", async () => {
    const issued = await newLicense(db.db, { vendorId: ctx.vendorId, productId: ctx.software.id });
    const first = await verifyLicense(db.db, {
      key: issued.key,
      scope: domain("https://www.First-Site.com/"),
    });
    expect(first.ok && first.bound).toBe(true);
    expect(first.ok && first.activation?.value).toBe("first-site.com");
    const again = await verifyLicense(db.db, { key: issued.key, scope: domain("first-site.com") });
    expect(again.ok && again.bound).toBe(false);
    const other = await verifyLicense(db.db, { key: issued.key, scope: domain("second-site.com") });
    expect(!other.ok && other.error.code).toBe("binding_mismatch");
    expect(await eventTypes(db.db, issued.id)).toEqual([
      "license.created",
      "license.activated",
      "license.bound",
    ]);
  });

  it("refuses a pending license", async () => {
    const issued = await newLicense(db.db, {
      vendorId: ctx.vendorId,
      productId: ctx.software.id,
      status: "pending",
    });
    const out = await verifyLicense(db.db, { key: issued.key, scope: domain("pending.com") });
    expect(!out.ok && out.error.code).toBe("license_pending");
  });

  it("moves last_verified_at on a successful verification", async () => {
    const now = new Date(Date.now() + 3_600_000);
    const out = await verifyLicense(db.db, { key: DEMO.licenses.active, scope: domain("example.com"), now });
    expect(out.ok && out.snapshot.license.lastVerifiedAt?.getTime()).toBe(now.getTime());
    expect(out.ok && out.activation?.lastVerifiedAt?.getTime()).toBe(now.getTime());
  });
});

describe("seats", () => {
  it("activates up to the seat limit, frees a seat on deactivation, and records each change", async () => {
    const issued = await newLicense(db.db, {
      vendorId: ctx.vendorId,
      productId: ctx.software.id,
      maxSeats: 2,
    });
    await activateSeat(db.db, { key: issued.key, scope: domain("a.example") });
    await activateSeat(db.db, { key: issued.key, scope: domain("b.example") });
    // Idempotent for a value already bound.
    const repeat = await activateSeat(db.db, { key: issued.key, scope: domain("www.a.example") });
    expect(repeat.bound).toBe(false);
    await expect(activateSeat(db.db, { key: issued.key, scope: domain("c.example") })).rejects.toMatchObject({
      code: "seat_limit_reached",
    });
    const released = await deactivateSeat(db.db, { key: issued.key, scope: domain("a.example") });
    expect(released.released).toBe(true);
    expect(released.snapshot.activations.map((a) => a.value)).toEqual(["b.example"]);
    const twice = await deactivateSeat(db.db, { key: issued.key, scope: domain("a.example") });
    expect(twice.released).toBe(false);
    const c = await activateSeat(db.db, { key: issued.key, scope: domain("c.example") });
    expect(c.snapshot.activations.map((a) => a.value).sort()).toEqual(["b.example", "c.example"]);
    expect(await eventTypes(db.db, issued.id)).toEqual([
      "license.created",
      "license.activated",
      "license.bound",
      "license.bound",
      "license.released",
      "license.bound",
    ]);
  });

  it("N parallel activations on k free seats give exactly k seats", async () => {
    const issued = await newLicense(db.db, {
      vendorId: ctx.vendorId,
      productId: ctx.software.id,
      maxSeats: 5,
      binding: { value: "taken.example" },
    });
    const attempts = Array.from({ length: 12 }, (_, i) =>
      activateSeat(db.db, { key: issued.key, scope: domain(`site${i}.example`) }),
    );
    const results = await Promise.allSettled(attempts);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(ok).toHaveLength(4);
    expect(refused).toHaveLength(8);
    for (const r of refused)
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "seat_limit_reached" });
    const after = await verifyLicense(db.db, { key: issued.key });
    expect(after.ok && after.snapshot.activations).toHaveLength(5);
  });

  it("N parallel first verifications of an unbound license bind exactly one domain", async () => {
    const issued = await newLicense(db.db, { vendorId: ctx.vendorId, productId: ctx.software.id });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        verifyLicense(db.db, { key: issued.key, scope: domain(`race${i}.example`) }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === "binding_mismatch")).toHaveLength(7);
  });
});
