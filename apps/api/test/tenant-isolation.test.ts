import { createVendorSession } from "@keyway/core";
import { apiCredentials, eq, licenses, plans, products } from "@keyway/db";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";
import { type Context, createContextInner } from "../src/trpc/context";
import { createCallerFactory } from "../src/trpc/init";
import { appRouter } from "../src/trpc/router";
import { signUpBrowser } from "./console-helpers";

/**
 * Selling across tenants, through `createCaller`: vendor B, signed in to the console and with
 * its own API key, names vendor A's catalog in every kind of order item and must get not-found.
 * Every other procedure and route (every credential, every id, over HTTP) is in the auth
 * matrix: auth-matrix.test.ts.
 */

let server: TestServer;
/** Vendor A (the demo vendor) as the order items name it. */
let a: { licenseId: string; licenseKey: string; addon: number; plan: number; packageId: string };
let bSession: Context;
let bApiKey: Context;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off", WORKER: "false" });
  const db = server.testDb.db;
  const vendorA = server.demoVendorId;
  const catalog = await db.select().from(products).where(eq(products.vendorId, vendorA));
  const [license] = await db.select().from(licenses).where(eq(licenses.vendorId, vendorA));
  const [plan] = await db.select().from(plans).where(eq(plans.vendorId, vendorA));
  const addon = catalog.find((p) => p.kind === "addon");
  const pkg = catalog.find((p) => p.kind === "package");
  if (!license || !plan || !addon || !pkg) throw new Error("demo catalog missing");
  a = {
    licenseId: license.id,
    licenseKey: license.key,
    addon: addon.number,
    plan: plan.number,
    packageId: pkg.id,
  };

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
});

afterAll(async () => {
  await server.close();
});

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

describe("tenant isolation", () => {
  it("refuses to sell vendor A's catalog or renew A's licenses to vendor B's callers", async () => {
    const db = server.testDb.db;
    const credentialsBefore = await db
      .select()
      .from(apiCredentials)
      .where(eq(apiCredentials.vendorId, server.demoVendorId));
    const items = [
      { kind: "addon", productNumber: a.addon, serialNo: "B-12345678" },
      { kind: "subscription", planNumber: a.plan, billingCycle: "monthly" },
      { kind: "renewal", licenseKey: a.licenseKey },
      {
        kind: "package",
        packageId: a.packageId,
        subscriptionTypeId: a.packageId,
        startDate: "2026-01-01",
        endDate: "2026-02-01",
      },
    ];
    for (const item of items) {
      for (const ctx of [bSession, bApiKey]) {
        const res = await callPath(ctx, "order.create", { item });
        expect(res.ok ? `ok ${JSON.stringify(res.data)}` : res.code, JSON.stringify(item)).toBe("NOT_FOUND");
      }
    }
    // Nothing of A's changed: its license is as it was, no credential of A's was touched.
    const [license] = await db.select().from(licenses).where(eq(licenses.id, a.licenseId));
    expect(license?.key).toBe(a.licenseKey);
    expect(license?.suspendedAt ?? null).toBeNull();
    expect(
      await db.select().from(apiCredentials).where(eq(apiCredentials.vendorId, server.demoVendorId)),
    ).toEqual(credentialsBefore);
  });
});
