import { readFileSync } from "node:fs";
import { applyProviderEvent, runScheduler } from "@keyway/core";
import { and, eq, orders, plans, products, subscriptions, webhookDeliveries } from "@keyway/db";
import { WEBHOOK_EVENT_CATALOG, WEBHOOK_EVENT_TYPES } from "@keyway/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

/**
 * The event catalog tells the truth: every type it lists is sent to a subscribed endpoint by
 * something a vendor or a customer does, or by the scheduler as time passes (its clock moved
 * here, never slept for), and the README lists each one.
 */
let server: TestServer;
let endpointId: string;
const headers = { "content-type": "application/json", ...demoHeaders.bearer };
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer();
  const endpoint = await fetch(`${server.url}/api/v1/webhook-endpoints`, {
    method: "POST",
    headers,
    // Never delivered (no worker runs here): what counts is the outbox row.
    body: JSON.stringify({ url: "http://127.0.0.1:9/hooks" }),
  });
  expect(endpoint.status).toBe(200);
  endpointId = ((await endpoint.json()) as { id: string }).id;
});
afterAll(async () => {
  await server.close();
});

async function post<T>(path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function payOn(paymentUrl: string, action: "pay" | "fail") {
  return fetch(paymentUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `action=${action}`,
    redirect: "manual",
  });
}

interface Created {
  orderId: string;
  subscriptionId: number;
  paymentUrl: string;
  licenseKeys: string[];
}

async function subscribe(email: string): Promise<Created> {
  const created = await post<Created>("/api/v1/subscriptions", {
    planNumber: 1,
    billingCycle: "monthly",
    binding: `${email.split("@")[0]}.example.com`,
    customer: { email },
  });
  expect((await payOn(created.paymentUrl, "pay")).status).toBe(303);
  return created;
}

async function periodEndOf(subscriptionId: number): Promise<Date> {
  const [row] = await server.deps.db
    .select({ end: subscriptions.currentPeriodEnd })
    .from(subscriptions)
    .where(eq(subscriptions.id, subscriptionId));
  if (!row?.end) throw new Error("no period end");
  return row.end;
}

const tick = (now: Date) => runScheduler(server.deps.db, { now, orderSettings: server.deps.orders });

describe("the event catalog", () => {
  it("sends every event type it lists", async () => {
    const { db } = server.deps;
    // Grace on the plan's product, so a past-due subscription has a grace to end.
    const [plan] = await db
      .select({ productId: plans.productId })
      .from(plans)
      .where(and(eq(plans.vendorId, server.demoVendorId), eq(plans.number, 1)));
    if (!plan) throw new Error("no demo plan 1");
    // Floating seats with an hour's heartbeat window: the subscriptions' seats (never beating)
    // are found dead by the scheduler's first tick (`activation.dead`).
    await db
      .update(products)
      .set({ gracePeriodDays: 2, seatMode: "floating", heartbeatSeconds: 3600 })
      .where(eq(products.id, plan.productId));

    const renewed = await subscribe("renews@example.com");
    const cancelled = await subscribe("cancels@example.com");
    const lapsed = await subscribe("lapses@example.com");
    await post(`/api/v1/subscriptions/${cancelled.subscriptionId}/cancel`);

    // A failed payment, and an order nobody pays.
    const failed = await post<Created>("/api/v1/subscriptions", { planNumber: 1, billingCycle: "monthly" });
    expect((await payOn(failed.paymentUrl, "fail")).status).toBe(303);
    await post<Created>("/api/v1/subscriptions", { planNumber: 1, billingCycle: "monthly" });

    // The vendor's own hand on a license.
    const [license] = await db
      .select({ id: subscriptions.licenseId })
      .from(subscriptions)
      .where(eq(subscriptions.id, cancelled.subscriptionId));
    if (!license?.id) throw new Error("no license");
    const patched = await fetch(`${server.url}/api/v1/licenses/${license.id}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ name: "Catalog build server" }),
    });
    expect(patched.status).toBe(200);
    await post(`/api/v1/licenses/${license.id}/reissue-key`);
    await post(`/api/v1/licenses/${license.id}/suspend`);
    await post(`/api/v1/licenses/${license.id}/reinstate`);
    await post(`/api/v1/licenses/${license.id}/revoke`);

    // Money going back: a partial refund through the API; a dispute the provider reports (the
    // path a PayPal or Stripe webhook takes once verified), opened then won.
    const refunded = await subscribe("refunds@example.com");
    await post(`/api/v1/orders/${refunded.orderId}/refund`, { amount: 100 });
    const disputed = await subscribe("disputes@example.com");
    for (const status of ["open", "won"] as const) {
      await applyProviderEvent(db, {
        orderId: disputed.orderId,
        gateway: "sandbox",
        now: new Date(),
        event: {
          kind: "dispute",
          gatewayDisputeId: "dp_catalog",
          status,
          amount: 100,
          currency: "USD",
          reason: "general",
          raw: {},
        },
      });
    }

    // A week before the periods end: reminders, renewal orders; the unpaid order has expired.
    const periodEnd = await periodEndOf(renewed.subscriptionId);
    await tick(new Date(periodEnd.getTime() - 7 * DAY + 60_000));
    const [renewal] = await db
      .select({ paymentUrl: orders.paymentUrl })
      .from(subscriptions)
      .innerJoin(orders, eq(orders.id, subscriptions.renewalOrderId))
      .where(eq(subscriptions.id, renewed.subscriptionId));
    if (!renewal?.paymentUrl) throw new Error("no renewal order");
    expect((await payOn(renewal.paymentUrl, "pay")).status).toBe(303);

    // The periods end (one cancelled, one unpaid), then the unpaid one's grace.
    const lapsedEnd = await periodEndOf(lapsed.subscriptionId);
    await tick(new Date(lapsedEnd.getTime() + 60_000));
    await tick(new Date(lapsedEnd.getTime() + 2 * DAY + 120_000));

    const sent = await db
      .selectDistinct({ type: webhookDeliveries.eventType })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId));
    const types = new Set(sent.map((s) => s.type));
    const missing = WEBHOOK_EVENT_TYPES.filter((t) => !types.has(t));
    expect(missing).toEqual([]);
  });

  it("is in the README, each type with what it means", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    for (const type of WEBHOOK_EVENT_TYPES) {
      expect(readme, type).toContain(`\`${type}\``);
      expect(WEBHOOK_EVENT_CATALOG[type].length, type).toBeGreaterThan(20);
    }
  });
});
