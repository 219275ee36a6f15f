import { eq, orders, payments, sql, webhookDeliveries } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";
import { type ConsoleBrowser, signUpBrowser } from "./console-helpers";

let server: TestServer;
let owner: ConsoleBrowser;
let addonId = "";
let softwareId = "";

interface Lic {
  id: string;
  key: string;
  status: string;
  activations: { value: string }[];
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  owner = await signUpBrowser(server.url, { timezone: "Asia/Kolkata", currency: "INR" });
  const addon = await owner.mutate<{ id: string }>("catalog.createProduct", {
    kind: "addon",
    name: "Serial Add-on",
    price: 50000,
    bindingKind: "serial",
    durationValue: 1,
    durationUnit: "year",
  });
  const software = await owner.mutate<{ id: string }>("catalog.createProduct", {
    kind: "software",
    name: "Web App",
  });
  if (!addon.ok || !software.ok) throw new Error("catalog");
  addonId = addon.data.id;
  softwareId = software.data.id;
});
afterAll(async () => {
  await server.close();
});

describe("licenses created by hand, and found again", () => {
  it("issues an active license for a new customer, bound to a normalised domain", async () => {
    const res = await owner.mutate<Lic>("dashboard.createLicense", {
      productId: softwareId,
      customerEmail: "Buyer@Example.com",
      customerName: "Buyer One",
      binding: "https://www.Shop.example.com/admin",
    });
    if (!res.ok) throw new Error(JSON.stringify(res));
    expect(res.data).toMatchObject({ status: "active", activations: [{ value: "shop.example.com" }] });
    const event = await owner.query<{ items: { type: string; actor: string }[] }>("license.listEvents", {
      licenseId: res.data.id,
    });
    expect(event.ok && event.data.items.map((e) => e.type)).toContain("license.created");
  });

  it("records the console user as the actor of what they do", async () => {
    const created = await owner.mutate<Lic>("dashboard.createLicense", { productId: softwareId });
    if (!created.ok) throw new Error("create");
    expect((await owner.mutate("license.suspend", { licenseId: created.data.id })).ok).toBe(true);
    const events = await owner.query<{ items: { type: string; actor: string }[] }>("license.listEvents", {
      licenseId: created.data.id,
    });
    const actors = events.ok ? events.data.items.map((e) => `${e.type} ${e.actor}`) : [];
    expect(actors).toContain(`license.suspended user:${owner.userId}`);
    expect(actors).toContain(`license.created user:${owner.userId}`);
  });

  it("finds licenses by key, customer email, domain and serial", async () => {
    const serial = await owner.mutate<Lic>("dashboard.createLicense", {
      productId: addonId,
      binding: "B-77770001",
    });
    if (!serial.ok) throw new Error(JSON.stringify(serial));
    const search = async (query: string) => {
      const r = await owner.query<{ key: string }[]>("dashboard.searchLicenses", { query });
      return r.ok ? r.data.map((h) => h.key) : [];
    };
    const web = (await search("buyer@example.com"))[0];
    expect(web).toBeTruthy();
    expect(await search("https://shop.example.com")).toEqual([web]);
    expect(await search("B-77770001")).toEqual([serial.data.key]);
    expect(await search(serial.data.key.slice(0, 7))).toContain(serial.data.key);
    expect(await search("nothing-like-this")).toEqual([]);
    // Another vendor's search never sees these.
    const other = await signUpBrowser(server.url);
    const theirs = await other.query<unknown[]>("dashboard.searchLicenses", { query: "buyer@example.com" });
    expect(theirs).toMatchObject({ ok: true, data: [] });
  });

  it("refuses a binding that is not valid for the product", async () => {
    const res = await owner.mutate("dashboard.createLicense", {
      productId: softwareId,
      binding: "localhost",
    });
    expect(res).toMatchObject({ ok: false, status: 400 });
  });
});

describe("customers and the dashboard", () => {
  it("lists customers with their license counts", async () => {
    const res = await owner.query<{
      nextCursor: string | null;
      items: { email: string; licenses: number }[];
    }>("dashboard.listCustomers", { query: "buyer" });
    expect(res).toMatchObject({
      ok: true,
      data: { nextCursor: null, items: [{ email: "buyer@example.com", licenses: 1 }] },
    });
  });

  it("counts revenue, new licenses and verifications per day in the vendor's time zone", async () => {
    // Three licenses so far (one suspended, so two active).
    // A paid order as the commerce flow leaves it: one succeeded payment.
    const db = server.testDb.db;
    const [order] = await db
      .insert(orders)
      .values({
        vendorId: owner.vendorId,
        reference: `TXN-DASH-${Date.now()}`,
        token: `tok_dash_${Date.now()}`,
        kind: "addon",
        status: "paid",
        productId: addonId,
        amount: 50000,
        currency: "INR",
        expiresAt: new Date(),
        paidAt: new Date(),
      })
      .returning();
    if (!order) throw new Error("order");
    await db.insert(payments).values({
      vendorId: owner.vendorId,
      orderId: order.id,
      gateway: "sandbox",
      gatewayTxnId: `dash-${Date.now()}`,
      status: "succeeded",
      amount: 50000,
      currency: "INR",
    });
    await db.execute(sql`
      insert into last_verified (id, at) select id, now() from licenses where vendor_id = ${owner.vendorId}
      on conflict (id) do update set at = excluded.at`);

    const res = await owner.query<{
      timezone: string;
      days: { day: string; revenue: Record<string, number>; newLicenses: number; verifications: number }[];
      totals: {
        revenue: Record<string, number>;
        newLicenses: number;
        activeLicenses: number;
        paidOrders: number;
      };
    }>("dashboard.get", { days: 7 });
    if (!res.ok) throw new Error(JSON.stringify(res));
    expect(res.data.timezone).toBe("Asia/Kolkata");
    expect(res.data.days).toHaveLength(7);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Kolkata" }).format(new Date());
    expect(res.data.days.at(-1)).toMatchObject({
      day: today,
      revenue: { INR: 50000 },
      newLicenses: 3,
      verifications: 3,
    });
    expect(res.data.totals).toMatchObject({
      revenue: { INR: 50000 },
      newLicenses: 3,
      activeLicenses: 2,
      paidOrders: 1,
    });
  });

  it("lists failing webhook endpoints", async () => {
    const endpoint = await owner.mutate<{ id: string }>("webhookEndpoint.create", {
      url: "https://hooks.example.com/down",
      format: "native",
      events: [],
    });
    if (!endpoint.ok) throw new Error(JSON.stringify(endpoint));
    await owner.mutate("webhookEndpoint.sendTest", { id: endpoint.data.id });
    // As the worker leaves a delivery that ran out of attempts.
    await server.testDb.db
      .update(webhookDeliveries)
      .set({ status: "failed", lastError: "connect ECONNREFUSED" })
      .where(eq(webhookDeliveries.endpointId, endpoint.data.id));
    const res = await owner.query<{
      failingWebhooks: { url: string; failedDeliveries: number; lastError: string }[];
    }>("dashboard.get", { days: 7 });
    expect(res).toMatchObject({
      ok: true,
      data: {
        failingWebhooks: [
          { url: "https://hooks.example.com/down", failedDeliveries: 1, lastError: "connect ECONNREFUSED" },
        ],
      },
    });
  });
});
