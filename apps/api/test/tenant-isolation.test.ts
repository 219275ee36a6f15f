import { addVendorUser, createVendorSession } from "@keyway/core";
import {
  activations,
  apiCredentials,
  customers,
  eq,
  licenses,
  orders,
  payments,
  planPrices,
  plans,
  products,
  subscriptions,
  vendorUsers,
  webhookDeliveries,
  webhookEndpoints,
} from "@keyway/db";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { type Context, createContextInner } from "../src/trpc/context";
import { createCallerFactory } from "../src/trpc/init";
import { appRouter } from "../src/trpc/router";
import { signUpBrowser, TEST_PASSWORD } from "./console-helpers";

/**
 * Tenant isolation, over every procedure the router has: vendor B, signed in to the console and
 * with its own API key, names vendor A's ids and must get not-found (or, for a list filter, an
 * answer that shows none of A's data). New procedures join the matrix by themselves; one whose
 * required inputs the matrix cannot guess fails here until `extras` below learns them.
 */

type Fixtures = Record<string, string | number>;

/** Id-like input fields → which of vendor A's rows they name. `id` depends on the router. */
const fieldKinds: Record<string, string> = {
  licenseId: "license",
  key: "licenseKey",
  productId: "product",
  parentProductId: "product",
  planId: "plan",
  credentialId: "credential",
  endpointId: "endpoint",
  deliveryId: "delivery",
  orderId: "order",
  customerId: "customer",
  subscriptionId: "subscription",
  userId: "user",
  activationId: "activation",
  paymentId: "payment",
};
const idOfRouter: Record<string, string> = {
  license: "license",
  catalog: "product",
  credential: "credential",
  webhookEndpoint: "endpoint",
  webhookDelivery: "delivery",
  order: "order",
  subscription: "subscription",
  customer: "customer",
  payment: "payment",
};

/** Required non-id inputs of procedures that take ids. */
const extras: Record<string, Record<string, unknown>> = {
  "credential.rename": { name: "stolen" },
  "catalog.createPlan": { name: "Stolen plan" },
  "catalog.setPlanPrice": { billingCycle: "monthly", amount: 1 },
  "catalog.createProduct": { kind: "addon", name: "Stolen add-on", price: 1 },
  "license.extend": { expiresAt: "2099-01-01T00:00:00.000Z" },
};

/** Procedures that are public on purpose (the license key is the credential) or not vendor-scoped. */
const notVendorScoped = new Set([
  "license.validate",
  "license.activate",
  "license.deactivate",
  "license.getSigningKey",
]);

let server: TestServer;
let a: Fixtures;
/** Vendor A's catalog as the dialects name it: integer numbers and the package id. */
let aNumbers: { addon: number; plan: number; packageId: string };
let bSession: Context;
let bApiKey: Context;
let anonymous: Context;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off", WORKER: "false" });
  const db = server.testDb.db;
  const vendorA = server.demoVendorId;
  const first = async <T>(rows: Promise<T[]>) => (await rows)[0];

  // Vendor A (the demo vendor) gets a console user, a webhook endpoint with a delivery, an order,
  // a payment and a subscription, so every kind of id exists.
  const userA = await addVendorUser(db, {
    vendorId: vendorA,
    email: "owner@demo.test",
    password: TEST_PASSWORD,
    role: "owner",
    production: false,
  });
  const aCaller = createCallerFactory(appRouter)(
    createContextInner(server.deps, {
      credential: { kind: "bearer", secret: demoHeaders.bearer.authorization.slice(7) },
    }),
  );
  const endpoint = await aCaller.webhookEndpoint.create({
    url: "https://hooks.example.com/keyway",
    format: "native",
    events: [],
  });
  const endpointId =
    (endpoint as unknown as { endpoint?: { id: string }; id?: string }).endpoint?.id ??
    (endpoint as { id?: string }).id;
  if (!endpointId) throw new Error("no endpoint id");
  await aCaller.webhookEndpoint.sendTest({ id: endpointId });

  const license = await first(db.select().from(licenses).where(eq(licenses.vendorId, vendorA)));
  const plan = await first(db.select().from(plans).where(eq(plans.vendorId, vendorA)));
  const customer = await first(db.select().from(customers).where(eq(customers.vendorId, vendorA)));
  if (!license || !plan || !customer) throw new Error("demo fixtures missing");
  const [order] = await db
    .insert(orders)
    .values({
      vendorId: vendorA,
      reference: `TXN-ISOLATION-${Date.now()}`,
      token: `tok_isolation_${Date.now()}`,
      kind: "addon",
      customerId: customer.id,
      productId: license.productId,
      amount: 100,
      currency: "INR",
      expiresAt: new Date(Date.now() + 3_600_000),
    })
    .returning();
  if (!order) throw new Error("order insert failed");
  const [payment] = await db
    .insert(payments)
    .values({
      vendorId: vendorA,
      orderId: order.id,
      gateway: "sandbox",
      gatewayTxnId: `iso-${Date.now()}`,
      status: "failed",
      amount: 100,
      currency: "INR",
    })
    .returning();
  const [subscription] = await db
    .insert(subscriptions)
    .values({ vendorId: vendorA, customerId: customer.id, planId: plan.id, billingCycle: "monthly" })
    .returning();

  a = {
    license: license.id,
    licenseKey: license.key,
    product: license.productId,
    plan: plan.id,
    credential:
      (await first(db.select().from(apiCredentials).where(eq(apiCredentials.vendorId, vendorA))))?.id ?? "",
    endpoint: endpointId,
    delivery:
      (await first(db.select().from(webhookDeliveries).where(eq(webhookDeliveries.vendorId, vendorA))))?.id ??
      "",
    order: order.id,
    customer: customer.id,
    subscription: subscription?.id ?? 0,
    user: userA.id,
    activation:
      (await first(db.select().from(activations).where(eq(activations.vendorId, vendorA))))?.id ?? "",
    payment: payment?.id ?? "",
    price: (await first(db.select().from(planPrices).where(eq(planPrices.vendorId, vendorA))))?.id ?? "",
  };
  const addonA = await first(db.select().from(products).where(eq(products.vendorId, vendorA)));
  aNumbers = {
    addon:
      (await db.select().from(products).where(eq(products.vendorId, vendorA))).find((p) => p.kind === "addon")
        ?.number ?? 0,
    plan: plan.number,
    packageId:
      (await db.select().from(products).where(eq(products.vendorId, vendorA))).find(
        (p) => p.kind === "package",
      )?.id ?? "",
  };
  if (!addonA || !aNumbers.addon || !aNumbers.packageId) throw new Error("demo catalog missing");
  for (const [kind, value] of Object.entries(a)) if (!value) throw new Error(`fixture ${kind} missing`);

  // Vendor B: an owner signed in to the console, and an API key of its own.
  const b = await signUpBrowser(server.url);
  const session = await createVendorSession(db, { vendorId: b.vendorId, vendorUserId: b.userId });
  bSession = createContextInner(server.deps, {
    consoleSessionToken: session.token,
    headers: { "x-csrf-token": session.csrfToken },
  });
  const issued = await b.mutate<{ secret: string }>("credential.create", { name: "B" });
  if (!issued.ok) throw new Error("B credential");
  bApiKey = createContextInner(server.deps, { credential: { kind: "bearer", secret: issued.data.secret } });
  anonymous = createContextInner(server.deps);
  // Keep the vendor_users import honest: A's user really is A's.
  expect((await first(db.select().from(vendorUsers).where(eq(vendorUsers.id, userA.id))))?.vendorId).toBe(
    vendorA,
  );
  expect((await first(db.select().from(products).where(eq(products.id, license.productId))))?.vendorId).toBe(
    vendorA,
  );
});

afterAll(async () => {
  await server.close();
});

interface ProcedureDef {
  _def: { type: string; inputs: unknown[] };
}
interface ZodLike {
  safeParse(v: unknown): { success: boolean };
  shape?: Record<string, unknown>;
}

type Outcome = { ok: true; data: unknown } | { ok: false; code: string; message: string };

async function callPath(ctx: Context, path: string, input: unknown): Promise<Outcome> {
  const caller = createCallerFactory(appRouter)(ctx) as unknown as Record<string, unknown>;
  let fn: unknown = caller;
  for (const part of path.split(".")) fn = (fn as Record<string, unknown>)[part];
  try {
    return { ok: true, data: await (fn as (i: unknown) => Promise<unknown>)(input) };
  } catch (e) {
    if (e instanceof TRPCError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

/** The input naming A's rows, or null when the procedure takes no id at all. */
function foreignInput(path: string, schema: ZodLike | undefined): Record<string, unknown> | null {
  const shape = schema?.shape;
  if (!shape) return null;
  const input: Record<string, unknown> = {};
  const routerName = path.split(".")[0] ?? "";
  for (const field of Object.keys(shape)) {
    const kind = field === "id" ? idOfRouter[routerName] : fieldKinds[field];
    if (kind && a[kind] !== undefined) input[field] = a[kind];
  }
  if (Object.keys(input).length === 0) return null;
  return { ...input, ...extras[path] };
}

function leaks(data: unknown): string[] {
  const text = JSON.stringify(data) ?? "";
  return Object.entries(a)
    .filter(([, v]) => typeof v === "string" && text.includes(v))
    .map(([k]) => k);
}

describe("tenant isolation", () => {
  it("answers not-found to every vendor-scoped procedure called with another vendor's ids", async () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;
    const checked: string[] = [];
    const problems: string[] = [];
    for (const [path, procedure] of Object.entries(procedures)) {
      if (notVendorScoped.has(path) || path.startsWith("account.sign") || path === "health.get") continue;
      const schema = procedure._def.inputs[0] as ZodLike | undefined;
      const input = foreignInput(path, schema);
      if (!input) continue;
      if (schema && !schema.safeParse(input).success) {
        problems.push(`${path}: the matrix cannot build a valid input; add it to \`extras\``);
        continue;
      }
      const open = await callPath(anonymous, path, input);
      if (open.ok || open.code !== "UNAUTHORIZED") {
        problems.push(`${path}: answered without credentials (${open.ok ? "ok" : open.code})`);
        continue;
      }
      for (const [who, ctx] of [
        ["console session", bSession],
        ["API key", bApiKey],
      ] as const) {
        const res = await callPath(ctx, path, input);
        if (!res.ok && res.code === "UNAUTHORIZED" && who === "API key") continue; // console-only procedure
        // Customer procedures answer to a customer's own session only (their scoping is tested
        // in customer-portal-api.test.ts): a vendor's session or key is refused outright.
        if (!res.ok && res.code === "UNAUTHORIZED" && path.startsWith("customer.")) continue;
        if (!res.ok && res.code === "NOT_FOUND") continue;
        if (res.ok && leaks(res.data).length === 0) continue;
        problems.push(
          `${path} via ${who}: ${res.ok ? `returned vendor A's ${leaks(res.data).join(", ")}` : `${res.code} ${res.message}`}`,
        );
      }
      checked.push(path);
    }
    expect(problems).toEqual([]);
    // The matrix really ran over the procedures that name ids.
    expect(checked).toEqual(
      expect.arrayContaining([
        "license.get",
        "license.suspend",
        "catalog.getProduct",
        "catalog.updatePlan",
        "credential.revoke",
        "account.removeUser",
        "webhookEndpoint.get",
        "webhookDelivery.replay",
      ]),
    );
  });

  it("refuses to sell vendor A's catalog or renew A's licenses to vendor B's callers", async () => {
    const cases: [string, unknown][] = [
      ["order.create", { item: { kind: "addon", productNumber: aNumbers.addon, serialNo: "B-12345678" } }],
      [
        "order.create",
        { item: { kind: "subscription", planNumber: aNumbers.plan, billingCycle: "monthly" } },
      ],
      ["order.create", { item: { kind: "renewal", licenseKey: a.licenseKey } }],
      [
        "order.create",
        {
          item: {
            kind: "package",
            packageId: aNumbers.packageId,
            subscriptionTypeId: aNumbers.packageId,
            startDate: "2026-01-01",
            endDate: "2026-02-01",
          },
        },
      ],
    ];
    for (const [path, input] of cases) {
      expect(path in (appRouter._def.procedures as object)).toBe(true);
      for (const ctx of [bSession, bApiKey]) {
        const res = await callPath(ctx, path, input);
        expect(res.ok ? `ok ${JSON.stringify(res.data)}` : res.code, `${path} ${JSON.stringify(input)}`).toBe(
          "NOT_FOUND",
        );
      }
    }
  });

  it("left vendor A's data as it was", async () => {
    const db = server.testDb.db;
    const [license] = await db
      .select()
      .from(licenses)
      .where(eq(licenses.id, String(a.license)));
    expect(license?.suspendedAt ?? null).toBeNull();
    const [credential] = await db
      .select()
      .from(apiCredentials)
      .where(eq(apiCredentials.id, String(a.credential)));
    expect(credential?.revokedAt).toBeNull();
    const [product] = await db
      .select()
      .from(products)
      .where(eq(products.id, String(a.product)));
    expect(product?.archivedAt).toBeNull();
    const [endpoint] = await db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, String(a.endpoint)));
    expect(endpoint?.deletedAt).toBeNull();
  });
});
