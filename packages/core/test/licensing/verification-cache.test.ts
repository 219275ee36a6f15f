import { activations, and, eq, isNull, licenses, plans, products, sql } from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeLicense } from "../../src/licensing/change-license-state";
import { issueLicense } from "../../src/licensing/issue-license";
import { flushLastVerified } from "../../src/licensing/last-verified";
import { loadLicenseSnapshotByKey } from "../../src/licensing/license-snapshot";
import { VerificationCache } from "../../src/licensing/verification-cache";
import { primeVerificationCache } from "../../src/licensing/verification-cache-priming";
import { useVerificationCache, verificationCacheOf } from "../../src/licensing/verification-cache-reads";
import { verifyLicense } from "../../src/licensing/verify-license";
import { saveSchedules } from "../../src/lifecycle/sweep";
import { planWithPolicy, productWithPolicy } from "./expiry-policy-helpers";
import { DEMO, demoSetup, newLicense } from "./helpers";

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;
let cache: VerificationCache;

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

const domain = (value: string) => ({ kind: "domain" as const, value });

/** Polls until `check` holds: a change made elsewhere arrives by NOTIFY, asynchronously. */
async function eventually(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A new bound license, once the cache has heard of its creation. */
async function freshActive(binding = "cached.example") {
  const license = await newLicense(db.db, {
    vendorId: ctx.vendorId,
    productId: ctx.software.id,
    binding: { value: binding },
  });
  await cache.sync();
  return license;
}

const codeOf = async (key: string, value: string) => {
  const out = await verifyLicense(db.db, { key, scope: domain(value) });
  return out.ok ? "ok" : out.error.code;
};

describe("the verification cache", () => {
  it("answers a key's second verification from memory", async () => {
    const license = await freshActive();
    const before = cache.stats();
    expect(await codeOf(license.key, "cached.example")).toBe("ok");
    expect(await codeOf(license.key, "cached.example")).toBe("ok");
    const after = cache.stats();
    expect(after.misses - before.misses).toBe(1);
    expect(after.hits - before.hits).toBe(1);
    expect(verificationCacheOf(db.db)).toBe(cache);
  });

  it("a revocation through core is the very next answer of this process", async () => {
    const license = await freshActive();
    expect(await codeOf(license.key, "cached.example")).toBe("ok");
    expect(await codeOf(license.key, "cached.example")).toBe("ok");
    await revokeLicense(db.db, { vendorId: ctx.vendorId, licenseId: license.id });
    expect(await codeOf(license.key, "cached.example")).toBe("license_revoked");
  });

  it("an UPDATE made outside Keyway's code (another process, psql) reaches the cache by NOTIFY", async () => {
    const license = await freshActive();
    expect(await codeOf(license.key, "cached.example")).toBe("ok");
    await db.db.execute(sql`update licenses set status = 'suspended' where id = ${license.id}`);
    await eventually(
      async () => (await codeOf(license.key, "cached.example")) === "license_suspended",
      "suspension seen",
    );
  });

  it("a seat released outside Keyway's code frees the binding in the next answers", async () => {
    const license = await freshActive("seat-one.example");
    expect(await codeOf(license.key, "seat-two.example")).toBe("binding_mismatch");
    await db.db
      .update(activations)
      .set({ deactivatedAt: new Date() })
      .where(and(eq(activations.licenseId, license.id), isNull(activations.deactivatedAt)));
    await eventually(
      async () => (await codeOf(license.key, "seat-two.example")) === "ok",
      "freed seat taken by the other domain",
    );
  });

  it("archiving a product empties the cache: its licenses stop verifying under it", async () => {
    const license = await freshActive();
    const product = { kind: ctx.software.kind, number: ctx.software.number };
    const viaProduct = async () => {
      const out = await verifyLicense(db.db, { key: license.key, product, scope: domain("cached.example") });
      return out.ok ? "ok" : out.error.code;
    };
    expect(await viaProduct()).toBe("ok");
    expect(await viaProduct()).toBe("ok");
    const flushes = cache.stats().flushes;
    await db.db.update(products).set({ archivedAt: new Date() }).where(eq(products.id, ctx.software.id));
    try {
      await eventually(async () => (await viaProduct()) === "not_found", "archived product refused");
      expect(cache.stats().flushes).toBeGreaterThan(flushes);
    } finally {
      await db.db.update(products).set({ archivedAt: null }).where(eq(products.id, ctx.software.id));
    }
  });

  it("a change of expiry policy, on the product or its plan, reaches the cache", async () => {
    const product = await productWithPolicy(db.db, ctx, {});
    const plan = await planWithPolicy(db.db, ctx.vendorId, product.id, {});
    const license = await db.db.transaction((tx) =>
      issueLicense(tx, {
        vendorId: ctx.vendorId,
        productId: product.id,
        planId: plan.id,
        status: "active",
        expiresAt: new Date(Date.now() - 86_400_000),
      }),
    );
    await cache.sync();
    expect(await codeOf(license.key, "policy.example")).toBe("license_expired");
    expect(await codeOf(license.key, "policy.example")).toBe("license_expired");
    const flushes = cache.stats().flushes;
    await db.db.update(products).set({ gracePeriodDays: 3 }).where(eq(products.id, product.id));
    await eventually(async () => (await codeOf(license.key, "policy.example")) === "ok", "grace seen");
    expect(cache.stats().flushes).toBeGreaterThan(flushes);
    await db.db.update(plans).set({ gracePeriodDays: 0 }).where(eq(plans.id, plan.id));
    await eventually(
      async () => (await codeOf(license.key, "policy.example")) === "license_expired",
      "the plan's override seen",
    );
  });

  it("writing last-seen times in batches does not empty the cache", async () => {
    const license = await freshActive();
    expect(await codeOf(license.key, "cached.example")).toBe("ok");
    const forgotten = cache.stats().forgotten;
    await flushLastVerified(db.db);
    await cache.sync();
    expect(cache.stats().forgotten).toBe(forgotten);
    const hits = cache.stats().hits;
    expect(await codeOf(license.key, "cached.example")).toBe("ok");
    expect(cache.stats().hits).toBe(hits + 1);
    // A real change after a flush still notifies.
    await db.db.update(licenses).set({ status: "suspended" }).where(eq(licenses.id, license.id));
    await eventually(
      async () => (await codeOf(license.key, "cached.example")) === "license_suspended",
      "suspension after a flush",
    );
  });

  it("a seat's heartbeat and the scheduler's bookkeeping do not make the cache forget the license", async () => {
    const license = await freshActive("beating.example");
    expect(await codeOf(license.key, "beating.example")).toBe("ok");
    const forgotten = cache.stats().forgotten;
    // As heartbeat-seat.ts writes a heartbeat, and the scheduler what it announced.
    await db.db.execute(sql`update activations set heartbeat_at = now() where license_id = ${license.id}`);
    await saveSchedules(db.db, "licenses", [{ id: license.id, sent: ["reminder:7"], dueAt: new Date() }]);
    await cache.sync();
    expect(cache.stats().forgotten).toBe(forgotten);
    // The seat's death is a change the answer shows: that one is heard.
    await db.db.update(activations).set({ deadAt: new Date() }).where(eq(activations.licenseId, license.id));
    await cache.sync();
    expect(cache.stats().forgotten).toBeGreaterThan(forgotten);
  });

  it("a license created with its seat in one transaction sends no message: no cache can hold it yet", async () => {
    await cache.sync();
    const before = cache.stats().forgotten;
    const license = await freshActive("born-bound.example");
    expect(cache.stats().forgotten).toBe(before);
    expect(await codeOf(license.key, "born-bound.example")).toBe("ok");
  });

  it("a seat added in a transaction that also touched its license still reaches the cache", async () => {
    const license = await freshActive("first-seat.example");
    expect(await codeOf(license.key, "second-seat.example")).toBe("binding_mismatch");
    await db.db.transaction(async (tx) => {
      await tx.execute(sql`update licenses set updated_at = now() where id = ${license.id}`);
      await tx.insert(activations).values({
        vendorId: ctx.vendorId,
        licenseId: license.id,
        kind: "domain",
        value: "second-seat.example",
        label: "second-seat.example",
        activatedAt: new Date(),
      });
    });
    await eventually(
      async () => (await codeOf(license.key, "second-seat.example")) === "ok",
      "seat added beside an update of its license",
    );
  });

  it("a statement changing more than 1,000 licenses empties the cache with one message", async () => {
    await db.db.execute(sql`
      insert into licenses (id, vendor_id, product_id, key, status)
      select 'lic_bulk' || i, ${ctx.vendorId}, ${ctx.software.id}, 'BULK' || lpad(i::text, 12, '0'), 'active'
      from generate_series(1, 1001) i`);
    await cache.sync();
    const license = await freshActive();
    expect(await codeOf(license.key, "cached.example")).toBe("ok");
    const before = cache.stats();
    await db.db.execute(sql`update licenses set max_seats = 3 where id like 'lic_bulk%'`);
    await cache.sync();
    const after = cache.stats();
    expect(after.flushes).toBe(before.flushes + 1);
    expect(after.forgotten).toBe(before.forgotten);
    expect(after.entries).toBe(0);
  });

  it("does not keep a read that raced a change", async () => {
    const license = await freshActive();
    const ticket = cache.startLoad();
    const snapshot = await loadLicenseSnapshotByKey(db.db, license.key);
    if (!snapshot) throw new Error("snapshot");
    cache.forget(license.key);
    cache.store(license.key, snapshot, ticket);
    expect(cache.lookup(license.key)).toBeUndefined();
  });

  it("primes itself from the database at start, up to its size", async () => {
    const small = new VerificationCache({ maxEntries: 3 });
    await small.attach(db, (err) => {
      throw err;
    });
    try {
      expect(await primeVerificationCache(db.db, small, { pageSize: 2 })).toBe(3);
      expect(small.stats()).toMatchObject({ entries: 3, primed: true, live: true });
    } finally {
      await small.close();
    }
  });

  it("primes every license, page after page, when it has room for all", async () => {
    const roomy = new VerificationCache({ maxEntries: 100_000 });
    await roomy.attach(db, (err) => {
      throw err;
    });
    try {
      const all = await db.db.$count(licenses);
      expect(all).toBeGreaterThan(4);
      expect(await primeVerificationCache(db.db, roomy, { pageSize: 2 })).toBe(all);
      expect(roomy.stats().entries).toBe(all);
    } finally {
      await roomy.close();
    }
  });

  it("reads a page again when some of it was refused (a racing change, a deaf moment)", async () => {
    const roomy = new VerificationCache({ maxEntries: 100_000 });
    await roomy.attach(db, (err) => {
      throw err;
    });
    const store = roomy.store.bind(roomy);
    let refusals = 0;
    roomy.store = (key, snapshot, ticket) => (refusals++ < 1 ? false : store(key, snapshot, ticket));
    try {
      const all = await db.db.$count(licenses);
      expect(await primeVerificationCache(db.db, roomy, { pageSize: 3 })).toBe(all);
      expect(roomy.stats().entries).toBe(all);
    } finally {
      await roomy.close();
    }
  });

  it("serves nothing from memory while it cannot hear its own heartbeat", async () => {
    const deaf = new VerificationCache({ maxEntries: 10 });
    // A listen connection that never delivers: the heartbeat never comes back.
    await deaf.attach({ listen: async () => async () => {}, notify: async () => {} }, () => {});
    try {
      expect(await deaf.whenLive(100)).toBe(false);
      const snapshot = await loadLicenseSnapshotByKey(db.db, DEMO.licenses.active);
      if (!snapshot) throw new Error("snapshot");
      deaf.store(DEMO.licenses.active, snapshot, deaf.startLoad());
      expect(deaf.lookup(DEMO.licenses.active)).toBeUndefined();
      expect(deaf.stats()).toMatchObject({ entries: 0, live: false });
    } finally {
      await deaf.close();
    }
  });
});

describe("with the cache, verification answers stay those of the database", () => {
  it("a change is seen once sync() returns", async () => {
    const license = await freshActive();
    expect(await codeOf(license.key, "cached.example")).toBe("ok");
    await db.db.execute(sql`update licenses set status = 'revoked' where id = ${license.id}`);
    await cache.sync();
    expect(await codeOf(license.key, "cached.example")).toBe("license_revoked");
  });

  it("a license made unknown by deleting it is not found", async () => {
    const license = await freshActive("deleted.example");
    expect(await codeOf(license.key, "deleted.example")).toBe("ok");
    await db.db.delete(activations).where(eq(activations.licenseId, license.id));
    await db.db.delete(licenses).where(eq(licenses.id, license.id));
    await eventually(
      async () => (await codeOf(license.key, "deleted.example")) === "license_not_found",
      "deleted license not found",
    );
  });
});
