import {
  CustomerLicenseList,
  CustomerMe,
  CustomerOrderList,
  CustomerSignedIn,
  IssuedCertificate,
  License,
  LicenseEventList,
  LoginCodeSent,
  SignedOut,
  Storefront,
  StorefrontVendorList,
  Subscription,
  SubscriptionList,
} from "@keyway/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { startTestServer, type TestServer } from "../src/testing";
import { appRouter } from "../src/trpc/router";

/**
 * packages/schema is the contract: every procedure declares its answer there, and the portal's
 * storefront and customer procedures answer exactly what their schema says (no field beyond it).
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

type Envelope = { result?: { data: unknown }; error?: unknown };

async function call(path: string, input?: unknown, headers: Record<string, string> = {}) {
  const res =
    input === undefined
      ? await fetch(`${server.url}/trpc/${path}`, { headers })
      : await fetch(`${server.url}/trpc/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(input),
        });
  const body = (await res.json()) as Envelope;
  expect(res.status, `${path}: ${JSON.stringify(body)}`).toBe(200);
  return { res, data: body.result?.data };
}

const query = (path: string, input: unknown, headers: Record<string, string> = {}) =>
  call(`${path}?input=${encodeURIComponent(JSON.stringify(input))}`, undefined, headers);

/** The answer is its contract, field for field. */
function expectContract(schema: z.ZodType, data: unknown) {
  expect(schema.parse(data)).toEqual(data);
}

describe("procedure contracts", () => {
  it("every procedure declares its answer", () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { output?: unknown } }>;
    const without = Object.entries(procedures)
      .filter(([, procedure]) => procedure._def.output === undefined)
      .map(([path]) => path);
    expect(Object.keys(procedures).length).toBeGreaterThan(80);
    expect(without).toEqual([]);
  });

  it("the storefront and a signed-in customer's pages answer exactly their schemas", async () => {
    expectContract(StorefrontVendorList, (await call("storefront.listVendors")).data);
    expectContract(Storefront, (await query("storefront.get", { vendorSlug: "demo" })).data);

    // A customer with a subscription, an order and a bound license.
    const phone = "9000088001";
    const order = (await call("checkout.createOrder", {
      vendorSlug: "demo",
      item: { kind: "subscription", planNumber: 1, billingCycle: "monthly" },
      customer: { phone },
    })) as { data: { paymentUrl: string; licenseKeys: string[]; subscriptionId: number } };
    await fetch(order.data.paymentUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=pay",
      redirect: "manual",
    });
    const bound = await fetch(`${server.url}/api/v1/licenses/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: order.data.licenseKeys[0], domain: "contracts.example" }),
    });
    expect(bound.status).toBe(200);

    expectContract(
      LoginCodeSent,
      (await call("customer.requestCode", { vendorSlug: "demo", destination: phone })).data,
    );
    const mailbox = (await (await fetch(`${server.url}/dev/mailbox?format=json`)).json()) as {
      messages: Array<{ to: string; text: string }>;
    };
    const code = mailbox.messages.find((m) => m.to === phone)?.text.match(/\b(\d{6})\b/)?.[1] ?? "";
    const signedIn = await call("customer.verifyCode", { vendorSlug: "demo", destination: phone, code });
    expectContract(CustomerSignedIn, signedIn.data);
    const session = {
      cookie: (signedIn.res.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
      "x-csrf-token": (signedIn.data as { csrfToken: string }).csrfToken,
    };

    expectContract(CustomerMe, (await call("customer.me", undefined, session)).data);
    const licenses = (await call("customer.licenses", undefined, session)).data as License[];
    expectContract(CustomerLicenseList, licenses);
    const license = licenses.find((l) => l.key === order.data.licenseKeys[0]);
    // Its subscription renews it: no renewal by hand (core's renewability rule).
    expect(license).toMatchObject({ status: "active", renewable: false });
    if (!license) return;
    expectContract(
      LicenseEventList,
      (await query("customer.licenseEvents", { licenseId: license.id }, session)).data,
    );
    expectContract(
      IssuedCertificate,
      (await call("customer.certificate", { licenseId: license.id }, session)).data,
    );
    expectContract(CustomerOrderList, (await call("customer.orders", undefined, session)).data);
    expectContract(SubscriptionList, (await call("customer.subscriptions", undefined, session)).data);
    const subscriptionId = order.data.subscriptionId;
    expectContract(
      Subscription,
      (await call("customer.cancelSubscription", { subscriptionId }, session)).data,
    );
    expectContract(
      Subscription,
      (await call("customer.resumeSubscription", { subscriptionId }, session)).data,
    );
    const activationId = license.activations[0]?.id;
    expectContract(License, (await call("customer.releaseActivation", { activationId }, session)).data);
    expectContract(SignedOut, (await call("customer.signOut", {}, session)).data);
  });
});
