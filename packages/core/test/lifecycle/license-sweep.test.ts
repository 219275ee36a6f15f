import { eq, licenses, products, vendors, webhookDeliveries, webhookEndpoints } from "@keyway/db";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renewLicense } from "../../src/licensing/renew-license";
import { runScheduler } from "../../src/lifecycle/scheduler";
import { sweepLicenses } from "../../src/lifecycle/sweep-licenses";
import { demoSetup, licenseRow } from "../licensing/helpers";
import {
  days,
  eventsOf,
  failEventsOf,
  handles,
  LIFECYCLE_TYPES,
  licenseExpiring,
  messagesOf,
  newCustomer,
  orderSettings,
  publicUrl,
  shift,
  tick,
} from "./helpers";

let testDb: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;
const t0 = new Date("2026-09-01T00:00:00Z");

beforeAll(async () => {
  testDb = await createTestDb();
  ctx = await demoSetup(testDb.db);
});
afterAll(async () => {
  await testDb.close();
});

const types = async (licenseId: string) =>
  (await eventsOf(testDb.db, licenseId, LIFECYCLE_TYPES)).map(
    (e) => `${e.type} ${JSON.stringify(e.data.days_left ?? "")}`,
  );

describe("license reminders and expiry, on a moved clock", () => {
  it("reminds at 7 days and 1 day before expiry, then announces the expiry, each once", async () => {
    const db = testDb.db;
    const customer = await newCustomer(db, ctx.vendorId);
    const expiresAt = shift(t0, days(30));
    const license = await licenseExpiring(db, {
      vendorId: ctx.vendorId,
      productId: ctx.software.id,
      expiresAt,
      customerId: customer.id,
      now: t0,
    });

    await tick(db, t0);
    expect(await types(license.id)).toEqual([]);
    expect((await licenseRow(db, license.id)).lifecycleDueAt).toEqual(shift(expiresAt, -days(7)));

    await tick(db, shift(expiresAt, -days(7)));
    await tick(db, shift(expiresAt, -days(6)));
    expect(await types(license.id)).toEqual(["license.expiring_soon 7"]);
    await tick(db, shift(expiresAt, -days(1) + 60_000));
    await tick(db, shift(expiresAt, -60_000));
    expect(await types(license.id)).toEqual(["license.expiring_soon 7", "license.expiring_soon 1"]);
    await tick(db, expiresAt);
    await tick(db, shift(expiresAt, days(30)));
    expect(await types(license.id)).toEqual([
      "license.expiring_soon 7",
      "license.expiring_soon 1",
      'license.expired ""',
    ]);
    const row = await licenseRow(db, license.id);
    expect(row.lifecycleSent).toEqual(["reminder:7", "reminder:1", "expired"]);
    expect(row.lifecycleDueAt).toBeNull();

    const [expired] = await eventsOf(db, license.id, ["license.expired"]);
    expect(expired?.data).toMatchObject({
      license_id: license.id,
      key: license.key,
      product_id: ctx.software.id,
      expires_at: expiresAt.toISOString(),
      grace_ends_at: null,
      test_mode: false,
    });

    // Each reminder, and the expiry, reached the customer by email, with the key's last 4
    // characters only.
    const messages = await messagesOf(db, license.id);
    expect(messages.map((m) => m.kind)).toEqual([
      "license.expiring_soon",
      "license.expiring_soon",
      "license.expired",
    ]);
    expect(messages[2]?.subject).toContain("has expired");
    for (const m of messages) {
      expect(m).toMatchObject({ channel: "email", destination: customer.email });
      expect(m.body).toContain(license.key.slice(-4));
      expect(m.body).not.toContain(license.key);
      expect(m.body).toContain(`${publicUrl}/account/licenses`);
    }
  });

  it("sends only the latest reminder when several have passed, and none once expired", async () => {
    const db = testDb.db;
    const expiresAt = shift(t0, days(10));
    const late = await licenseExpiring(db, { vendorId: ctx.vendorId, productId: ctx.software.id, expiresAt });
    await tick(db, shift(expiresAt, -days(1) + 1));
    await tick(db, shift(expiresAt, -1));
    expect(await types(late.id)).toEqual(["license.expiring_soon 1"]);

    const expired = await licenseExpiring(db, {
      vendorId: ctx.vendorId,
      productId: ctx.software.id,
      expiresAt,
    });
    await tick(db, shift(expiresAt, days(2)));
    expect(await types(expired.id)).toEqual(['license.expired ""']);
  });

  it("grace: expired at expiry, grace_ended when grace ends, each told to the customer; an expiry far in the past: both at once, to the webhooks only", async () => {
    const db = testDb.db;
    await db.update(products).set({ gracePeriodDays: 5 }).where(eq(products.id, ctx.addon.id));
    try {
      const customer = await newCustomer(db, ctx.vendorId);
      const expiresAt = shift(t0, days(3));
      const license = await licenseExpiring(db, {
        vendorId: ctx.vendorId,
        productId: ctx.addon.id,
        expiresAt,
        customerId: customer.id,
      });
      await tick(db, shift(expiresAt, -days(1)));
      await tick(db, expiresAt);
      expect(await types(license.id)).toEqual(["license.expiring_soon 1", 'license.expired ""']);
      const [expired] = await eventsOf(db, license.id, ["license.expired"]);
      expect(expired?.data.grace_ends_at).toBe(shift(expiresAt, days(5)).toISOString());
      await tick(db, shift(expiresAt, days(5)));
      expect((await types(license.id)).at(-1)).toBe('license.grace_ended ""');
      const messages = await messagesOf(db, license.id);
      expect(messages.map((m) => m.kind)).toEqual([
        "license.expiring_soon",
        "license.expired",
        "license.grace_ended",
      ]);
      expect(messages[2]).toMatchObject({ channel: "email", destination: customer.email });
      expect(messages[2]?.body).toContain("grace period");
      expect(messages[2]?.body).not.toContain("{{");

      // As if imported long expired: announced to the webhooks, not mailed to the customer.
      const old = await licenseExpiring(db, {
        vendorId: ctx.vendorId,
        productId: ctx.addon.id,
        expiresAt: shift(t0, -days(60)),
        customerId: customer.id,
      });
      await tick(db, t0);
      expect(await types(old.id)).toEqual(['license.expired ""', 'license.grace_ended ""']);
      expect(await messagesOf(db, old.id)).toEqual([]);
    } finally {
      await db.update(products).set({ gracePeriodDays: 0 }).where(eq(products.id, ctx.addon.id));
    }
  });

  it("a renewal starts a new term: new reminders and a new expiry announcement", async () => {
    const db = testDb.db;
    const expiresAt = shift(t0, days(20));
    const license = await licenseExpiring(db, {
      vendorId: ctx.vendorId,
      productId: ctx.software.id,
      expiresAt,
    });
    await tick(db, shift(expiresAt, -days(1)));
    await tick(db, shift(expiresAt, days(1)));
    expect(await types(license.id)).toEqual(["license.expiring_soon 1", 'license.expired ""']);

    const renewedAt = shift(expiresAt, days(2));
    const renewed = await db.transaction((tx) =>
      renewLicense(tx, { licenseId: license.id, durationValue: 1, durationUnit: "month", now: renewedAt }),
    );
    const newExpiry = renewed.expiresAt ?? t0;
    expect(await licenseRow(db, license.id)).toMatchObject({ lifecycleSent: [] });
    await tick(db, shift(newExpiry, -days(7)));
    await tick(db, shift(newExpiry, -days(1)));
    await tick(db, newExpiry);
    expect(await types(license.id)).toEqual([
      "license.expiring_soon 1",
      'license.expired ""',
      "license.expiring_soon 7",
      "license.expiring_soon 1",
      'license.expired ""',
    ]);
  });

  it("reminders off: the webhook event still fires, the customer hears nothing", async () => {
    const db = testDb.db;
    await db.update(vendors).set({ remindersEnabled: false }).where(eq(vendors.id, ctx.vendorId));
    try {
      const customer = await newCustomer(db, ctx.vendorId, { phone: "9000011111" });
      const expiresAt = shift(t0, days(12));
      const license = await licenseExpiring(db, {
        vendorId: ctx.vendorId,
        productId: ctx.software.id,
        expiresAt,
        customerId: customer.id,
      });
      await tick(db, shift(expiresAt, -days(7)));
      expect(await types(license.id)).toEqual(["license.expiring_soon 7"]);
      expect(await messagesOf(db, license.id)).toEqual([]);
    } finally {
      await db.update(vendors).set({ remindersEnabled: true }).where(eq(vendors.id, ctx.vendorId));
    }
  });

  it("a suspended license hears nothing; reinstated, it catches up once", async () => {
    const db = testDb.db;
    const expiresAt = shift(t0, days(5));
    const license = await licenseExpiring(db, {
      vendorId: ctx.vendorId,
      productId: ctx.software.id,
      expiresAt,
    });
    await db.update(licenses).set({ status: "suspended" }).where(eq(licenses.id, license.id));
    await tick(db, shift(expiresAt, days(1)));
    expect(await types(license.id)).toEqual([]);
    expect((await licenseRow(db, license.id)).lifecycleDueAt).toBeNull();
    await db.update(licenses).set({ status: "active" }).where(eq(licenses.id, license.id));
    await tick(db, shift(expiresAt, days(1)));
    await tick(db, shift(expiresAt, days(2)));
    expect(await types(license.id)).toEqual(['license.expired ""']);
  });
});

describe("exactly once, whatever happens to the schedulers", () => {
  it("three schedulers racing on one database announce each due event once", async () => {
    const db = testDb.db;
    const [endpoint] = await db
      .insert(webhookEndpoints)
      .values({
        vendorId: ctx.vendorId,
        url: "http://127.0.0.1:9/hooks",
        secretEncrypted: "x",
        events: ["license.expiring_soon", "license.expired"],
      })
      .returning();
    const expiresAt = shift(t0, days(40));
    const customer = await newCustomer(db, ctx.vendorId);
    const made: { id: string; key: string }[] = [];
    for (let i = 0; i < 45; i++)
      made.push(
        await licenseExpiring(db, {
          vendorId: ctx.vendorId,
          productId: ctx.software.id,
          expiresAt: shift(expiresAt, i * 1000),
          customerId: customer.id,
        }),
      );
    const { dbs, close } = await handles(testDb, 3);
    try {
      const marks = [t0, shift(expiresAt, -days(7)), shift(expiresAt, -days(1)), shift(expiresAt, days(1))];
      for (const mark of marks) {
        const now = shift(mark, 60_000);
        await Promise.all(dbs.map((d) => tick(d, now, 4)));
      }
    } finally {
      await close();
    }
    for (const license of made) {
      expect(await types(license.id)).toEqual([
        "license.expiring_soon 7",
        "license.expiring_soon 1",
        'license.expired ""',
      ]);
      expect(await messagesOf(db, license.id)).toHaveLength(3);
    }
    const deliveries = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint?.id ?? ""));
    expect(deliveries.filter((d) => made.some((l) => l.id === d.subjectId))).toHaveLength(45 * 3);
  });

  it("a scheduler killed mid-sweep and restarted sends nothing twice and misses nothing", async () => {
    const db = testDb.db;
    const expiresAt = shift(t0, days(50));
    const made: { id: string; key: string }[] = [];
    for (let i = 0; i < 12; i++)
      made.push(
        await licenseExpiring(db, {
          vendorId: ctx.vendorId,
          productId: ctx.software.id,
          expiresAt: shift(expiresAt, i * 1000),
          customerId: (await newCustomer(db, ctx.vendorId)).id,
        }),
      );
    const now = shift(expiresAt, -days(7) + 20_000);
    // Everything due before these reminders is done: the batches below hold only these licenses.
    await tick(db, shift(expiresAt, -days(7) - 1000));
    // The 8th license's event fails: its batch (the 5th to the 8th) dies with it, as when the
    // process is killed mid-batch (the sweep itself, without the scheduler's retries).
    const poisoned = made[7]?.id ?? "";
    const heal = await failEventsOf(db, poisoned);
    try {
      const sweep = { now, orderSettings, batchSize: 4 };
      await sweepLicenses(db, sweep);
      await expect(sweepLicenses(db, sweep)).rejects.toThrow();
    } finally {
      await heal();
    }
    const sentBefore = await Promise.all(made.map(async (l) => (await types(l.id)).length));
    expect(sentBefore).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect((await licenseRow(db, made[4]?.id ?? "")).lifecycleSent).toEqual([]);

    await tick(db, now, 4);
    for (const license of made) {
      expect(await types(license.id)).toEqual(["license.expiring_soon 7"]);
      expect(await messagesOf(db, license.id)).toHaveLength(1);
    }
  });

  it("a license that keeps failing is set aside for an hour: every other one is still announced", async () => {
    const db = testDb.db;
    const expiresAt = shift(t0, days(80));
    const made: { id: string; key: string }[] = [];
    for (let i = 0; i < 6; i++)
      made.push(
        await licenseExpiring(db, {
          vendorId: ctx.vendorId,
          productId: ctx.software.id,
          expiresAt: shift(expiresAt, i * 1000),
        }),
      );
    await tick(db, shift(expiresAt, -days(7) - 1000));
    const now = shift(expiresAt, -days(7) + 20_000);
    const poisoned = made[1]?.id ?? "";
    const heal = await failEventsOf(db, poisoned);
    const errors: unknown[] = [];
    try {
      await runScheduler(db, { now, orderSettings, batchSize: 4, onError: (e) => errors.push(e) });
    } finally {
      await heal();
    }
    expect(errors.length).toBeGreaterThan(0);
    for (const license of made) {
      expect(await types(license.id)).toEqual(license.id === poisoned ? [] : ["license.expiring_soon 7"]);
    }
    // Not retried at once (it would fail every run), but an hour later; and then once only.
    await tick(db, shift(now, 1000));
    expect(await types(poisoned)).toEqual([]);
    await tick(db, shift(now, 60 * 60_000 + 1000));
    await tick(db, shift(now, 60 * 60_000 + 2000));
    for (const license of made) expect(await types(license.id)).toEqual(["license.expiring_soon 7"]);
  });
});
