import { customers, eq, products, sql } from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEntitlement } from "../../src/entitlements/entitlement-catalog";
import { entitlementsOf, requiredEntitlementsError } from "../../src/entitlements/entitlements-of";
import { attachEntitlement } from "../../src/entitlements/grant-entitlements";
import { issueLicense } from "../../src/licensing/issue-license";
import { VerificationCache } from "../../src/licensing/verification-cache";
import { useVerificationCache } from "../../src/licensing/verification-cache-reads";
import { verifyLicense } from "../../src/licensing/verify-license";
import { demoSetup } from "../licensing/helpers";

const addon = (status: string, expiresAt: Date | null, entitlements: string[]) => ({
  licenseId: `lic_${status}${expiresAt?.getTime() ?? ""}`,
  status,
  expiresAt,
  entitlements,
});

describe("a license's effective entitlements", () => {
  const now = new Date("2030-06-01T00:00:00Z");
  it("are its own codes plus those of its active add-on licenses not past their expiry, sorted once each", () => {
    const codes = entitlementsOf(
      {
        entitlements: ["PRO_EXPORT", "TEAM"],
        addons: [
          addon("active", null, ["ZETA", "PRO_EXPORT"]),
          addon("active", new Date("2030-07-01T00:00:00Z"), ["ALPHA"]),
          addon("active", new Date("2030-05-01T00:00:00Z"), ["EXPIRED_ONE"]),
          addon("suspended", null, ["SUSPENDED_ONE"]),
          addon("pending", null, ["UNPAID_ONE"]),
        ],
      },
      now,
    );
    expect(codes).toEqual(["ALPHA", "PRO_EXPORT", "TEAM", "ZETA"]);
  });

  it("a requirement names exactly the codes lacking, in the order asked", () => {
    expect(requiredEntitlementsError(["A_ONE", "B_TWO"], ["B_TWO", "A_ONE"])).toBeNull();
    expect(requiredEntitlementsError(["A_ONE"], [])).toBeNull();
    const error = requiredEntitlementsError(["A_ONE"], ["C_THREE", "A_ONE", "B_TWO", "C_THREE"]);
    expect(error?.code).toBe("entitlements_missing");
    expect(error?.details).toEqual({ missing: ["C_THREE", "B_TWO"] });
    expect(error?.message).toBe("The license does not grant the entitlements C_THREE, B_TWO.");
  });
});

describe("add-on grants and the verification cache", () => {
  let db: TestDb;
  let cache: VerificationCache;
  let ctx: Awaited<ReturnType<typeof demoSetup>>;

  beforeAll(async () => {
    db = await createTestDb();
    ctx = await demoSetup(db.db);
    cache = new VerificationCache({ maxEntries: 1_000 });
    await cache.attach(db, (err) => {
      throw err;
    });
    useVerificationCache(db.db, cache);
    expect(await cache.whenLive()).toBe(true);
  });
  afterAll(async () => {
    await cache.close();
    await db.close();
  });

  const codesOf = async (key: string, now?: Date) => {
    const out = await verifyLicense(db.db, { key, ...(now ? { now } : {}) });
    if (!out.ok) throw out.error;
    return out.entitlements;
  };

  it("an add-on license changed outside Keyway's code (its NOTIFY names only the add-on) is forgotten with its base", async () => {
    await db.db
      .update(products)
      .set({ parentProductId: ctx.software.id })
      .where(eq(products.id, ctx.addon.id));
    const analytics = await createEntitlement(db.db, {
      vendorId: ctx.vendorId,
      code: "ANALYTICS",
      name: "Analytics",
    });
    await attachEntitlement(db.db, {
      vendorId: ctx.vendorId,
      holder: "product",
      holderId: ctx.addon.id,
      entitlementId: analytics.id,
    });
    const [customer] = await db.db
      .insert(customers)
      .values({ vendorId: ctx.vendorId, email: "addon-cache@example.com" })
      .returning();
    const issue = (productId: string, expiresAt: Date | null) =>
      db.db.transaction((tx) =>
        issueLicense(tx, {
          vendorId: ctx.vendorId,
          productId,
          customerId: customer?.id,
          status: "active",
          expiresAt,
        }),
      );
    const base = await issue(ctx.software.id, null);
    await cache.sync();
    expect(await codesOf(base.key)).toEqual([]);

    const addonExpiry = new Date(Date.now() + 30 * 86_400_000);
    const bought = await issue(ctx.addon.id, addonExpiry);
    await cache.sync();
    expect(await codesOf(base.key)).toEqual(["ANALYTICS"]);
    const hits = cache.stats().hits;
    // Served from memory now: only forgetting it can change the answer.
    expect(await codesOf(base.key)).toEqual(["ANALYTICS"]);
    expect(cache.stats().hits).toBe(hits + 1);

    // As an operator in psql would: no write mark in this process, only the add-on's NOTIFY.
    await db.db.execute(sql`update licenses set status = 'suspended' where id = ${bought.id}`);
    await cache.sync();
    expect(await codesOf(base.key)).toEqual([]);
    await db.db.execute(sql`update licenses set status = 'active' where id = ${bought.id}`);
    await cache.sync();
    expect(await codesOf(base.key)).toEqual(["ANALYTICS"]);

    // Past the add-on's expiry, the cached base answers without it (decided at answer time).
    expect(await codesOf(base.key, new Date(addonExpiry.getTime() + 1_000))).toEqual([]);
  });
});
