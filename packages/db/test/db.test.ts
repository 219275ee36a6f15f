import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  activations,
  apiCredentials,
  eq,
  hashSecret,
  licenses,
  migrationState,
  orders,
  payments,
  products,
  rowsOf,
  sql,
  vendors,
} from "../src/index";
import { DEMO, seedDemo } from "../src/seed";
import { createTestDb, type TestDb } from "../src/testing";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});

describe(`database (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("is migrated from empty to the committed journal", async () => {
    const state = await migrationState(t.db);
    expect(state.applied).toBe(state.available);
    expect(state.upToDate).toBe(true);
    await t.migrate(); // idempotent
    expect((await migrationState(t.db)).applied).toBe(state.available);
  });

  // PGlite has no JIT to turn off.
  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    "runs its queries without JIT (a priming page spent 550 of its 620 ms compiling)",
    async () => {
      const [row] = rowsOf<{ jit: string }>(await t.db.execute(sql`select current_setting('jit') as jit`));
      expect(row?.jit).toBe("off");
    },
  );

  it("seeds the demo vendor once and a second run changes nothing", async () => {
    const first = await seedDemo(t.db);
    expect(first.created).toBe(true);
    const countBefore = (await t.db.select().from(licenses)).length;
    const second = await seedDemo(t.db);
    expect(second).toEqual({ created: false, vendorId: first.vendorId });
    expect((await t.db.select().from(licenses)).length).toBe(countBefore);
  });

  it("stores the demo credentials as hashes only", async () => {
    const [cred] = await t.db.select().from(apiCredentials).where(eq(apiCredentials.key, DEMO.biznoq.key));
    expect(cred?.secretHash).toBe(hashSecret(DEMO.biznoq.secret));
    expect(JSON.stringify(cred)).not.toContain(DEMO.biznoq.secret);
  });

  it("holds the seeds' example licenses", async () => {
    const rows = await t.db.select().from(licenses);
    expect(rows.map((r) => r.key).sort()).toEqual(Object.values(DEMO.licenses).sort());
    const addon = rows.find((r) => r.key === DEMO.licenses.addon);
    expect(addon?.activatedAt?.toISOString()).toBe("2026-05-29T13:17:32.000Z");
  });

  it("refuses a duplicate license key", async () => {
    const [existing] = await t.db.select().from(licenses).limit(1);
    if (!existing) throw new Error("no license");
    await expect(
      t.db.insert(licenses).values({ ...existing, id: undefined, key: existing.key }),
    ).rejects.toThrow();
  });

  it("keeps one live activation per value but allows re-binding after release", async () => {
    const [license] = await t.db.select().from(licenses).where(eq(licenses.key, DEMO.licenses.active));
    if (!license) throw new Error("no license");
    const row = {
      vendorId: license.vendorId,
      licenseId: license.id,
      kind: "domain" as const,
      value: "example.com",
    };
    await expect(t.db.insert(activations).values(row)).rejects.toThrow();
    await t.db
      .update(activations)
      .set({ deactivatedAt: new Date() })
      .where(eq(activations.licenseId, license.id));
    await t.db.insert(activations).values(row);
    const live = await t.db.select().from(activations).where(eq(activations.licenseId, license.id));
    expect(live.filter((a) => a.deactivatedAt === null)).toHaveLength(1);
  });

  it("refuses a negative amount, a bad status and a duplicate gateway transaction", async () => {
    const [vendor] = await t.db.select().from(vendors);
    if (!vendor) throw new Error("no vendor");
    const base = {
      vendorId: vendor.id,
      reference: "TXN-1-1",
      token: "tok-1",
      kind: "addon" as const,
      amount: 100,
      currency: "INR",
      expiresAt: new Date(Date.now() + 60_000),
    };
    await expect(t.db.insert(orders).values({ ...base, amount: -1 })).rejects.toThrow();
    await expect(
      t.db.insert(orders).values({ ...base, status: "bogus" as unknown as "paid" }),
    ).rejects.toThrow();
    const [order] = await t.db.insert(orders).values(base).returning();
    if (!order) throw new Error("no order");
    const pay = {
      vendorId: vendor.id,
      orderId: order.id,
      gateway: "sandbox" as const,
      gatewayTxnId: "SBX-1",
      status: "succeeded" as const,
      amount: 100,
      currency: "INR",
    };
    await t.db.insert(payments).values(pay);
    await expect(t.db.insert(payments).values(pay)).rejects.toThrow();
  });

  it("numbers products per kind: software 1 and add-on 1 coexist, a second software 1 does not", async () => {
    const rows = await t.db.select().from(products).where(eq(products.number, 1));
    expect(rows.map((r) => r.kind).sort()).toEqual(["addon", "package", "software"]);
    const [software] = rows.filter((r) => r.kind === "software");
    if (!software) throw new Error("no software");
    await expect(
      t.db.insert(products).values({ ...software, id: undefined, slug: "other-slug" }),
    ).rejects.toThrow();
  });
});
