import { activateSeat, heartbeatSeat, issueLicense, runScheduler, verifyLicense } from "@keyway/core";
import { activations, and, type Database, eq, events, isNull, webhookDeliveries } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../src/server";
import { demoHeaders, startSecondServer, startTestServer, type TestServer } from "../src/testing";
import { productLikeDemo } from "./helpers-expiry";

/**
 * Floating seats (issue 19 §2): a seat lives while heartbeats arrive within the product's window;
 * a dead one no longer counts, is announced once (`activation.dead`), and its machine activates
 * again. Time moves by passing `now` into core, never by sleeping. Two servers on one database
 * (as verification-freshness.test.ts) for heartbeats across processes.
 */
let first: TestServer;
let second: RunningServer;
const WINDOW_S = 60;
const MINUTE = 60_000;

beforeAll(async () => {
  first = await startTestServer({ RATE_LIMIT: "off" });
  second = await startSecondServer(first, { RATE_LIMIT: "off" });
});

afterAll(async () => {
  await second?.close();
  await first?.close();
});

/** A floating, fingerprint-bound software product of the demo vendor, with its own number. */
function floatingProduct(db: Database, vendorId: string) {
  return productLikeDemo(db, vendorId, "floating", {
    bindingKind: "fingerprint",
    seatMode: "floating",
    heartbeatSeconds: WINDOW_S,
  });
}

async function floatingLicense(maxSeats: number) {
  const { db } = first.deps;
  const product = await floatingProduct(db, first.demoVendorId);
  return db.transaction((tx) =>
    issueLicense(tx, { vendorId: first.demoVendorId, productId: product.id, status: "active", maxSeats }),
  );
}

type Body = Record<string, unknown> & { data?: { code?: string } };

async function call(server: RunningServer, path: string, body: unknown) {
  const res = await fetch(`${server.url}/api/v1/licenses/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Body };
}

const liveSeats = (licenseId: string) =>
  first.deps.db
    .select()
    .from(activations)
    .where(and(eq(activations.licenseId, licenseId), isNull(activations.deactivatedAt)));

const deadEvents = (licenseId: string) =>
  first.deps.db
    .select()
    .from(events)
    .where(and(eq(events.licenseId, licenseId), eq(events.type, "activation.dead")));

describe("floating seats", () => {
  it("200 concurrent activations on a 5-seat license with 5 dead seats: exactly 5 succeed", async () => {
    const license = await floatingLicense(5);
    const { db } = first.deps;
    const longAgo = new Date(Date.now() - 10 * MINUTE);
    for (let i = 0; i < 5; i++) {
      await activateSeat(db, {
        key: license.key,
        scope: { kind: "fingerprint", value: `old-${i}` },
        now: longAgo,
      });
    }
    expect(await liveSeats(license.id)).toHaveLength(5);

    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        call(first, "activate", { key: license.key, fingerprint: `new-${i}` }),
      ),
    );
    const ok = answers.filter((a) => a.status === 200);
    expect(ok).toHaveLength(5);
    for (const refused of answers.filter((a) => a.status !== 200)) {
      expect(refused.status).toBe(409);
      expect(refused.body.data?.code).toBe("seat_limit_reached");
    }
    const live = await liveSeats(license.id);
    expect(live.map((s) => s.value).sort()).toEqual(
      ok.map((a) => (a.body.activation as { value: string }).value).sort(),
    );
    // Each dead seat announced once, on the timeline.
    const dead = await deadEvents(license.id);
    expect(dead.map((e) => (e.data as { value: string }).value).sort()).toEqual([
      "old-0",
      "old-1",
      "old-2",
      "old-3",
      "old-4",
    ]);
  });

  it("re-activating the same fingerprint never takes a second seat", async () => {
    const license = await floatingLicense(3);
    const answers = [];
    for (const fingerprint of ["ABC-123-machine", "abc-123-machine", " abc-123-machine "]) {
      answers.push(await call(first, "activate", { key: license.key, fingerprint }));
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const ids = new Set(answers.map((a) => (a.body.activation as { id: string }).id));
    expect(ids.size).toBe(1);
    expect(answers[2]?.body).toMatchObject({ binding: "seat", license: { seatsUsed: 1 } });
    expect(await liveSeats(license.id)).toHaveLength(1);
  });

  it("a heartbeat through one process keeps the seat alive for every process", async () => {
    const license = await floatingLicense(1);
    const activated = await call(first, "activate", { key: license.key, fingerprint: "laptop-1" });
    expect(activated.status).toBe(200);
    const at = new Date((activated.body.activation as { activatedAt: string }).activatedAt);

    // Both processes hold the license in their caches.
    expect((await call(first, "validate", { key: license.key, fingerprint: "laptop-1" })).status).toBe(200);
    expect((await call(second, "validate", { key: license.key, fingerprint: "laptop-1" })).status).toBe(200);

    // The REST heartbeat, through the second process: alive until now + the window.
    const beat = await call(second, "heartbeat", { key: license.key, fingerprint: "laptop-1" });
    expect(beat.status).toBe(200);
    expect(beat.body).toMatchObject({
      alive: true,
      binding: "seat",
      seatMode: "floating",
      heartbeatSeconds: 60,
    });
    const deadline = Date.parse(beat.body.nextHeartbeatBy as string);
    expect(deadline).toBeGreaterThanOrEqual(at.getTime() + WINDOW_S * 1000);

    // Later beats through the second process; the first's cache still holds the activation time.
    const beatAt = new Date(at.getTime() + 50_000);
    const later = await heartbeatSeat(second.deps.db, {
      key: license.key,
      scope: { kind: "fingerprint", value: "laptop-1" },
      now: beatAt,
    });
    expect(later.nextHeartbeatBy?.toISOString()).toBe(
      new Date(beatAt.getTime() + WINDOW_S * 1000).toISOString(),
    );
    const scope = { kind: "fingerprint" as const, value: "laptop-1" };
    const onFirst = await verifyLicense(first.deps.db, {
      key: license.key,
      scope,
      now: new Date(at.getTime() + 90_000),
    });
    expect(onFirst.ok).toBe(true);

    // Past the last beat's window, both processes answer the seat dead.
    const tooLate = new Date(beatAt.getTime() + (WINDOW_S + 1) * 1000);
    for (const server of [first, second]) {
      const outcome = await verifyLicense(server.deps.db, { key: license.key, scope, now: tooLate });
      expect(outcome.ok ? "ok" : outcome.error.code).toBe("seat_dead");
    }
    await expect(
      heartbeatSeat(first.deps.db, { key: license.key, scope, now: tooLate }),
    ).rejects.toMatchObject({
      code: "seat_dead",
    });
    // The beat that found it dead announced it, once.
    expect(await deadEvents(license.id)).toHaveLength(1);
  });

  it("a dead seat found by the scheduler sends activation.dead once; the machine activates again", async () => {
    const endpoint = await fetch(`${first.url}/api/v1/webhook-endpoints`, {
      method: "POST",
      headers: { "content-type": "application/json", ...demoHeaders.bearer },
      body: JSON.stringify({ url: "http://127.0.0.1:9/hooks", events: ["activation.dead"] }),
    });
    expect(endpoint.status).toBe(200);
    const endpointId = ((await endpoint.json()) as { id: string }).id;

    const license = await floatingLicense(1);
    const { db } = first.deps;
    const t0 = new Date(Date.now() - 30 * MINUTE);
    const scope = { kind: "fingerprint" as const, value: "desk-7" };
    const seat = await activateSeat(db, { key: license.key, scope, now: t0 });
    const seatId = seat.activation?.id;
    await heartbeatSeat(db, { key: license.key, scope, now: new Date(t0.getTime() + 40_000) });

    // Within the window of the last beat: nothing dies.
    const tick = (now: Date) => runScheduler(db, { now, orderSettings: first.deps.orders });
    expect((await tick(new Date(t0.getTime() + 90_000))).seats).toBe(0);
    // Past it: dead, once, however often the scheduler runs.
    const past = new Date(t0.getTime() + 40_000 + (WINDOW_S + 5) * 1000);
    expect((await tick(past)).seats).toBe(1);
    await tick(past);
    await tick(new Date(past.getTime() + MINUTE));
    const sent = await db
      .select()
      .from(webhookDeliveries)
      .where(
        and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.eventType, "activation.dead")),
      );
    const forSeat = sent.filter(
      (d) => (d.payload as { data: { activation_id: string } }).data.activation_id === seatId,
    );
    expect(forSeat).toHaveLength(1);
    expect((forSeat[0]?.payload as { data?: Record<string, unknown> } | undefined)?.data).toMatchObject({
      license_id: license.id,
      value: "desk-7",
      heartbeat_seconds: WINDOW_S,
      last_seen_at: new Date(t0.getTime() + 40_000).toISOString(),
    });

    // On the timeline, in words.
    const timeline = await fetch(`${first.url}/api/v1/licenses/${license.id}/events`, {
      headers: demoHeaders.bearer,
    });
    expect(JSON.stringify(await timeline.json())).toContain("activation.dead");

    // The dead machine: its heartbeat and its validation say so; activating again takes the free seat.
    const beat = await call(first, "heartbeat", { key: license.key, fingerprint: "desk-7" });
    expect(beat.status).toBe(409);
    expect(beat.body.data?.code).toBe("seat_dead");
    const validated = await call(first, "validate", { key: license.key, fingerprint: "desk-7" });
    expect(validated.body.data?.code).toBe("seat_dead");
    const again = await call(second, "activate", { key: license.key, fingerprint: "desk-7" });
    expect(again.status).toBe(200);
    expect((again.body.activation as { id: string }).id).not.toBe(seatId);
    expect(await liveSeats(license.id)).toHaveLength(1);
    // Seat taken: another machine is refused, an unknown one's heartbeat is told to activate.
    expect((await call(first, "activate", { key: license.key, fingerprint: "desk-8" })).status).toBe(409);
    const unknown = await call(first, "heartbeat", { key: license.key, fingerprint: "desk-9" });
    expect(unknown.status).toBe(409);
    expect(unknown.body.data?.code).toBe("not_activated");
    expect(await deadEvents(license.id)).toHaveLength(1);
  });

  it("the vendor's seat list shows live and dead seats with their last heartbeat", async () => {
    const license = await floatingLicense(2);
    const { db } = first.deps;
    const t0 = new Date(Date.now() - 10 * MINUTE);
    await activateSeat(db, { key: license.key, scope: { kind: "fingerprint", value: "gone-1" }, now: t0 });
    await call(first, "activate", { key: license.key, fingerprint: "here-1" });
    await call(first, "heartbeat", { key: license.key, fingerprint: "here-1" });
    const res = await fetch(`${first.url}/api/v1/licenses/${license.id}/seats`, {
      headers: demoHeaders.bearer,
    });
    expect(res.status).toBe(200);
    const list = (await res.json()) as {
      seatMode: string;
      seats: { value: string; state: string; heartbeatAt: string | null; deadlineAt: string | null }[];
    };
    expect(list.seatMode).toBe("floating");
    const byValue = new Map(list.seats.map((s) => [s.value, s]));
    expect(byValue.get("here-1")).toMatchObject({ state: "live" });
    expect(byValue.get("here-1")?.heartbeatAt).not.toBeNull();
    expect(byValue.get("here-1")?.deadlineAt).not.toBeNull();
    expect(byValue.get("gone-1")).toMatchObject({ state: "dead", heartbeatAt: null });
  });

  it("refuses a floating product without a heartbeat window", async () => {
    const res = await fetch(`${first.url}/api/v1/products`, {
      method: "POST",
      headers: { "content-type": "application/json", ...demoHeaders.bearer },
      body: JSON.stringify({ kind: "software", name: "No window", seatMode: "floating" }),
    });
    expect(res.status).toBe(400);
    const ok = await fetch(`${first.url}/api/v1/products`, {
      method: "POST",
      headers: { "content-type": "application/json", ...demoHeaders.bearer },
      body: JSON.stringify({
        kind: "software",
        name: "Windowed",
        seatMode: "floating",
        heartbeatSeconds: 300,
      }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ seatMode: "floating", heartbeatSeconds: 300 });
  });
});
