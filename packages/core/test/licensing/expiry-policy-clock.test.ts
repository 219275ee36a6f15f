import { and, customers, eq, events, subscriptions } from "@keyway/db";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activateLicense } from "../../src/licensing/activate-license";
import { createLicenseByHand } from "../../src/licensing/create-license-by-hand";
import { extendLicense } from "../../src/licensing/extend-license";
import { getLicense } from "../../src/licensing/get-license";
import { issueLicense } from "../../src/licensing/issue-license";
import { renewLicense } from "../../src/licensing/renew-license";
import { activateSeat } from "../../src/licensing/seat-verification";
import { verifyLicense } from "../../src/licensing/verify-license";
import { planWithPolicy, productWithPolicy } from "./expiry-policy-helpers";
import { demoSetup, licenseRow } from "./helpers";

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
});
afterAll(async () => {
  await db.close();
});

const t0 = new Date("2031-06-10T08:00:00Z");
const days = (n: number) => new Date(t0.getTime() + n * 86_400_000);
const domain = (value: string) => ({ kind: "domain" as const, value });

async function clockStarts(licenseId: string) {
  return db.db
    .select()
    .from(events)
    .where(and(eq(events.licenseId, licenseId), eq(events.type, "license.clock_started")));
}

/** A one-month license of a `first_activation` product, granted on day 0. */
async function waitingLicense(options: { planOverride?: boolean } = {}) {
  const product = await productWithPolicy(db.db, ctx, {
    clockStartsAt: options.planOverride ? "purchase" : "first_activation",
  });
  const plan = options.planOverride
    ? await planWithPolicy(db.db, ctx.vendorId, product.id, { clockStartsAt: "first_activation" })
    : null;
  const issued = await db.db.transaction((tx) =>
    issueLicense(tx, {
      vendorId: ctx.vendorId,
      productId: product.id,
      planId: plan?.id ?? null,
      status: "active",
      now: t0,
    }),
  );
  return { ...issued, product };
}

describe("the first_activation clock", () => {
  it("a license granted under it waits: no dates, shown as clock pending, valid meanwhile", async () => {
    const license = await waitingLicense();
    const view = await getLicense(db.db, { vendorId: ctx.vendorId, licenseId: license.id, now: days(300) });
    expect(view).toMatchObject({
      status: "active",
      clockPending: true,
      expiresAt: null,
      startsAt: null,
      durationValue: 1,
      durationUnit: "month",
    });
  });

  it("starts at the first successful verification, once: later ones keep its expiry", async () => {
    const license = await waitingLicense();
    const first = await verifyLicense(db.db, {
      key: license.key,
      scope: domain("clock.example"),
      now: days(40),
    });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.snapshot.license.expiresAt).toEqual(new Date("2031-08-20T08:00:00Z"));
    expect(first.snapshot.license.clockPending).toBe(false);
    const later = await verifyLicense(db.db, {
      key: license.key,
      scope: domain("clock.example"),
      now: days(45),
    });
    expect(later.ok && later.snapshot.license.expiresAt).toEqual(new Date("2031-08-20T08:00:00Z"));
    expect(await licenseRow(db.db, license.id)).toMatchObject({
      startsAt: days(40),
      expiresAt: new Date("2031-08-20T08:00:00Z"),
      clockPending: false,
    });
    const started = await clockStarts(license.id);
    expect(started).toHaveLength(1);
    expect(started[0]?.data).toMatchObject({ expires_at: "2031-08-20T08:00:00.000Z" });
    // And the term runs out a month after that first use.
    const out = await verifyLicense(db.db, {
      key: license.key,
      scope: domain("clock.example"),
      now: days(71),
    });
    expect(out.ok ? "ok" : out.error.code).toBe("license_expired");
  });

  it("10 concurrent first verifications start it once: one event, one expiry in every answer", async () => {
    const license = await waitingLicense();
    const outs = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        verifyLicense(db.db, { key: license.key, now: new Date(days(3).getTime() + i * 1_000) }),
      ),
    );
    const row = await licenseRow(db.db, license.id);
    expect(row.clockPending).toBe(false);
    expect(outs.every((o) => o.ok)).toBe(true);
    const expiries = new Set(outs.map((o) => (o.ok ? o.snapshot.license.expiresAt?.getTime() : null)));
    expect([...expiries]).toEqual([row.expiresAt?.getTime()]);
    expect(await clockStarts(license.id)).toHaveLength(1);
  });

  it("an activation starts it; a refused verification does not", async () => {
    const license = await waitingLicense();
    await activateSeat(db.db, { key: license.key, scope: domain("one.example"), now: days(1) });
    const refused = await verifyLicense(db.db, {
      key: license.key,
      scope: domain("two.example"),
      now: days(2),
    });
    expect(refused.ok ? "ok" : refused.error.code).toBe("binding_mismatch");
    expect((await licenseRow(db.db, license.id)).startsAt).toEqual(days(1));

    const untouched = await waitingLicense();
    await activateSeat(db.db, { key: untouched.key, scope: domain("one.example"), now: days(1) });
    const mismatch = await verifyLicense(db.db, {
      key: untouched.key,
      scope: domain("x.example"),
      now: days(2),
    });
    expect(mismatch.ok).toBe(false);
    expect(await clockStarts(untouched.id)).toHaveLength(1);
  });

  it("a plan's override applies; a license given dates by hand, or renewed, or extended does not wait", async () => {
    const byPlan = await waitingLicense({ planOverride: true });
    expect((await licenseRow(db.db, byPlan.id)).clockPending).toBe(true);

    const product = await productWithPolicy(db.db, ctx, { clockStartsAt: "first_activation" });
    const dated = await createLicenseByHand(db.db, {
      vendorId: ctx.vendorId,
      actor: "test",
      productId: product.id,
      expiresAt: days(90).toISOString(),
    });
    expect(dated).toMatchObject({ clockPending: false, expiresAt: days(90).toISOString() });
    const undated = await createLicenseByHand(db.db, {
      vendorId: ctx.vendorId,
      actor: "test",
      productId: product.id,
    });
    expect(undated).toMatchObject({ clockPending: true, expiresAt: null });

    // Renewing a waiting license starts its term from the renewal (the wait is not added to).
    const renewed = await waitingLicense();
    await db.db.transaction((tx) =>
      renewLicense(tx, { licenseId: renewed.id, durationValue: 1, durationUnit: "year", now: days(10) }),
    );
    expect(await licenseRow(db.db, renewed.id)).toMatchObject({
      clockPending: false,
      expiresAt: new Date("2032-06-20T08:00:00Z"),
    });

    const extended = await waitingLicense();
    const view = await extendLicense(db.db, {
      vendorId: ctx.vendorId,
      licenseId: extended.id,
      expiresAt: days(20),
      now: days(5),
    });
    expect(view).toMatchObject({ clockPending: false, expiresAt: days(20).toISOString() });
  });

  it("paying an order starts the wait, except a subscription's: its term is the period paid", async () => {
    const product = await productWithPolicy(db.db, ctx, { clockStartsAt: "first_activation" });
    const reserve = () =>
      db.db.transaction((tx) =>
        issueLicense(tx, { vendorId: ctx.vendorId, productId: product.id, status: "pending", now: t0 }),
      );
    const addon = await reserve();
    await db.db.transaction((tx) => activateLicense(tx, { licenseId: addon.id, now: days(1) }));
    expect(await licenseRow(db.db, addon.id)).toMatchObject({
      status: "active",
      clockPending: true,
      expiresAt: null,
    });

    const subscribed = await reserve();
    const plan = await planWithPolicy(db.db, ctx.vendorId, product.id, {});
    const [customer] = await db.db
      .insert(customers)
      .values({ vendorId: ctx.vendorId, email: `clock-${Date.now()}@example.com` })
      .returning();
    await db.db.insert(subscriptions).values({
      vendorId: ctx.vendorId,
      customerId: customer?.id ?? null,
      planId: plan.id,
      billingCycle: "monthly",
      licenseId: subscribed.id,
    });
    await db.db.transaction((tx) => activateLicense(tx, { licenseId: subscribed.id, now: days(1) }));
    expect(await licenseRow(db.db, subscribed.id)).toMatchObject({
      clockPending: false,
      expiresAt: new Date("2031-07-11T08:00:00Z"),
    });
  });
});
