import { and, apiCredentials, customers, eq, events } from "@keyway/db";
import { DEMO } from "@keyway/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

/**
 * Every surface writes who acted into the audit trail in one format (`AuditActor` in the
 * schema): the native API and Biznoq as the credential, the portal customer, the gateway, a
 * verification by key, Blenddoit, and the anonymous portal checkout.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const phone = "9000077001";
type Json = Record<string, unknown>;

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, res, body: (await res.json()) as Json };
}

async function trpc<T>(path: string, input: unknown, headers: Record<string, string> = {}) {
  const out = await post(`/trpc/${path}`, input, headers);
  expect(out.status, JSON.stringify(out.body)).toBe(200);
  return { ...out, data: (out.body.result as { data: T }).data };
}

async function pay(paymentUrl: string) {
  await fetch(paymentUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "action=pay",
    redirect: "manual",
  });
}

async function trail(licenseId: string) {
  const rows = await server.deps.db
    .select({ type: events.type, actor: events.actor })
    .from(events)
    .where(eq(events.licenseId, licenseId));
  return rows.map((r) => `${r.type} ${r.actor}`);
}

async function subscriptionTrail(subscriptionId: number) {
  const rows = await server.deps.db
    .select({ type: events.type, actor: events.actor })
    .from(events)
    .where(and(eq(events.subjectType, "subscription"), eq(events.subjectId, String(subscriptionId))));
  return rows.map((r) => `${r.type} ${r.actor}`);
}

describe("audit actors", () => {
  it("names the credential, the gateway, the key, Blenddoit, the portal and the customer alike on every surface", async () => {
    const [credential] = await server.deps.db
      .select({ id: apiCredentials.id })
      .from(apiCredentials)
      .where(eq(apiCredentials.key, DEMO.biznoq.key));
    const api = `api:${credential?.id}`;

    // Biznoq (key pair): the add-on order reserves a license, in the credential's name.
    const bought = await post(
      "/api/purchase",
      { addonId: 1, serialNo: "B-77001234", buyerPhone: phone },
      demoHeaders.biznoq,
    );
    expect(bought.status).toBe(200);
    await pay(String(bought.body.paymentUrl));
    const found = (await (
      await fetch(`${server.url}/api/v1/licenses?key=${bought.body.licenseKey}`, {
        headers: demoHeaders.bearer,
      })
    ).json()) as { items: Array<{ id: string; activations: Array<{ id: string }> }> };
    const addon = found.items[0];
    if (!addon) throw new Error("the add-on license is not listed");

    // Native REST (Bearer): the same credential.
    expect((await post(`/api/v1/licenses/${addon.id}/suspend`, {}, demoHeaders.bearer)).status).toBe(200);
    expect((await post(`/api/v1/licenses/${addon.id}/reinstate`, {}, demoHeaders.bearer)).status).toBe(200);

    // The portal checkout (nobody signed in), then Blenddoit binds the software to a domain.
    const order = await trpc<{ paymentUrl: string; licenseKeys: string[]; subscriptionId: number }>(
      "checkout.createOrder",
      {
        vendorSlug: "demo",
        item: { kind: "subscription", planNumber: 1, billingCycle: "monthly" },
        customer: { phone },
      },
    );
    await pay(order.data.paymentUrl);
    const key = order.data.licenseKeys[0] ?? "";
    const verified = await post("/api/verify-license.php", {
      software_id: "1",
      license_key: key,
      domain: "actors.example",
    });
    expect(verified.status).toBe(200);

    // The customer, signed in with a code: releases the add-on's seat and cancels the subscription.
    await trpc("customer.requestCode", { vendorSlug: "demo", destination: phone });
    const mailbox = (await (await fetch(`${server.url}/dev/mailbox?format=json`)).json()) as {
      messages: Array<{ to: string; text: string }>;
    };
    const code = mailbox.messages.find((m) => m.to === phone)?.text.match(/\b(\d{6})\b/)?.[1] ?? "";
    const signedIn = await trpc<{ csrfToken: string }>("customer.verifyCode", {
      vendorSlug: "demo",
      destination: phone,
      code,
    });
    const session = {
      cookie: (signedIn.res.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
      "x-csrf-token": signedIn.data.csrfToken,
    };
    await trpc("customer.releaseActivation", { activationId: addon.activations[0]?.id }, session);
    await trpc("customer.cancelSubscription", { subscriptionId: order.data.subscriptionId }, session);
    const [customer] = await server.deps.db
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.phone, phone));

    // A verification by key binds the freed seat.
    const validated = await post("/api/v1/licenses/validate", {
      key: bought.body.licenseKey,
      serial: "B-77005678",
    });
    expect(validated.status).toBe(200);

    expect(await trail(addon.id)).toEqual(
      expect.arrayContaining([
        `license.created ${api}`,
        "license.activated gateway:sandbox",
        `license.suspended ${api}`,
        `license.reinstated ${api}`,
        `license.released customer:${customer?.id}`,
        "license.bound license-key",
      ]),
    );
    const softwareTrail = await licenseTrailByKey(key);
    expect(softwareTrail).toEqual(
      expect.arrayContaining(["license.created portal", "license.bound blenddoit"]),
    );
    expect(await subscriptionTrail(order.data.subscriptionId)).toContain(
      `subscription.cancel_scheduled customer:${customer?.id}`,
    );
  });
});

async function licenseTrailByKey(key: string) {
  const res = await fetch(`${server.url}/api/v1/licenses?key=${encodeURIComponent(key)}`, {
    headers: demoHeaders.bearer,
  });
  const page = (await res.json()) as { items: Array<{ id: string }> };
  return trail(page.items[0]?.id ?? "");
}
