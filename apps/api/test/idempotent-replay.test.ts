import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

/**
 * `Idempotency-Key` on every create route: a replay answers the first answer's exact bytes,
 * with its status and content type (as Stripe does), whatever surface it came through.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const routes: Array<{ name: string; path: string; headers: Record<string, string>; body: unknown }> = [
  {
    name: "Biznoq purchase",
    path: "/api/purchase",
    headers: demoHeaders.biznoq,
    body: { addonId: 1, serialNo: "B-55550001", buyerPhone: "9460439200" },
  },
  {
    name: "Biznoq subscribe",
    path: "/api/plans/subscribe",
    headers: demoHeaders.biznoq,
    body: { planId: 2, serialNo: "B-55550002", buyerPhone: "9460439200", billingCycle: "yearly" },
  },
  {
    name: "JFramework checkout link",
    path: "/api/v1/licenses/purchase/checkout-link",
    headers: demoHeaders.jframework,
    body: {
      packageId: "Plakdiooh209sz",
      subscriptionTypeId: "Plakdiooh209sz",
      startDate: "2025-01-01",
      endDate: "2025-02-01",
      testMode: true,
      quantity: 1,
    },
  },
  {
    name: "native order",
    path: "/api/v1/orders",
    headers: demoHeaders.bearer,
    body: { item: { kind: "addon", productNumber: 1, serialNo: "B-55550003" } },
  },
  {
    name: "native subscription",
    path: "/api/v1/subscriptions",
    headers: demoHeaders.bearer,
    body: { planNumber: 2, billingCycle: "monthly", binding: "B-55550004" },
  },
];

async function send(route: (typeof routes)[number], key: string) {
  const res = await fetch(`${server.url}${route.path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key, ...route.headers },
    body: JSON.stringify(route.body),
  });
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

describe("idempotent replay", () => {
  for (const route of routes) {
    it(`replays the first answer byte for byte: ${route.name}`, async () => {
      const key = `replay-${route.path}`;
      const first = await send(route, key);
      expect(first.status).toBe(200);
      expect(first.type).toMatch(/^application\/json/);
      for (const _ of [1, 2]) {
        const again = await send(route, key);
        expect(again.status).toBe(first.status);
        expect(again.type).toBe(first.type);
        expect(again.bytes.toString("utf8")).toBe(first.bytes.toString("utf8"));
        expect(again.bytes.equals(first.bytes)).toBe(true);
      }
    });
  }
});
