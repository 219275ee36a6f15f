import { issueLicense, verificationCacheOf } from "@keyway/core";
import { customers, type Database, eq, plans, webhookDeliveries } from "@keyway/db";
import { expect } from "vitest";
import type { RunningServer } from "../src/server";
import type { TestServer } from "../src/testing";
import { callApi } from "./helpers-expiry";

/** Fixtures of the license-operations tests: seats, plans, customers signed in to the portal, webhooks. */

/** Takes a seat for each domain through the native REST route. */
export async function activateDomains(server: TestServer, key: string, domains: string[]) {
  const statuses: number[] = [];
  for (const domain of domains) {
    statuses.push((await callApi(server, "POST", "/licenses/activate", { key, domain })).status);
  }
  return statuses;
}

export async function addPlan(db: Database, vendorId: string, productId: string, archived = false) {
  const [plan] = await db
    .insert(plans)
    .values({ vendorId, productId, name: `Plan ${Math.random().toString(36).slice(2, 7)}` })
    .returning();
  if (!plan) throw new Error("plan insert");
  if (archived) await db.update(plans).set({ archivedAt: new Date() }).where(eq(plans.id, plan.id));
  return plan;
}

/** A customer of the demo vendor with one license of `productId`. */
export async function customerWithLicense(server: TestServer, productId: string) {
  const email = `ops-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const db = server.testDb.db;
  const [customer] = await db
    .insert(customers)
    .values({ vendorId: server.demoVendorId, email, name: "Ops Buyer" })
    .returning();
  if (!customer) throw new Error("customer insert");
  const license = await db.transaction((tx) =>
    issueLicense(tx, { vendorId: server.demoVendorId, productId, status: "active", customerId: customer.id }),
  );
  return { email, customerId: customer.id, license };
}

interface Envelope {
  result?: { data: unknown };
  error?: { message: string; data: { code: string; httpStatus: number } };
}

/** A tRPC call over HTTP as the portal makes it (cookie and CSRF token for mutations). */
export async function trpcCall(server: TestServer, path: string, input: unknown, session?: PortalSession) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (session) {
    headers.cookie = session.cookie;
    headers["x-csrf-token"] = session.csrfToken;
  }
  const res = await fetch(`${server.url}/trpc/${path}`, {
    method: "POST",
    headers,
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as Envelope };
}

export interface PortalSession {
  cookie: string;
  csrfToken: string;
}

/** Signs a customer in to the portal with the code from the dev mailbox. */
export async function signInCustomer(server: TestServer, email: string): Promise<PortalSession> {
  await trpcCall(server, "customer.requestCode", { vendorSlug: "demo", destination: email });
  const mailbox = (await (await fetch(`${server.url}/dev/mailbox?format=json`)).json()) as {
    messages: Array<{ to: string; text: string }>;
  };
  const code = mailbox.messages.find((m) => m.to === email)?.text.match(/\b(\d{6})\b/)?.[1] ?? "";
  const res = await fetch(`${server.url}/trpc/customer.verifyCode`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ vendorSlug: "demo", destination: email, code }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { result: { data: { csrfToken: string } } };
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { cookie, csrfToken: body.result.data.csrfToken };
}

/** A native webhook endpoint of the demo vendor taking `events` (never delivered here: the outbox row counts). */
export async function webhookEndpoint(server: TestServer, headers: Record<string, string>, events: string[]) {
  const res = await callApi(
    server,
    "POST",
    "/webhook-endpoints",
    { url: "http://127.0.0.1:9/hooks", events },
    headers,
  );
  expect(res.status).toBe(200);
  return res.body.id as string;
}

/** The bodies queued for an endpoint, oldest first. */
export async function payloadsOf(db: Database, endpointId: string) {
  const rows = await db
    .select({ payload: webhookDeliveries.payload })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(webhookDeliveries.seq);
  return rows.map((r) => r.payload as { type: string; data: Record<string, unknown> });
}

/** A server's verification cache (its `sync()` waits for the change messages already sent). */
export function cacheOf(on: RunningServer) {
  const cache = verificationCacheOf(on.deps.db);
  if (!cache) throw new Error("the server runs without a verification cache");
  return cache;
}
