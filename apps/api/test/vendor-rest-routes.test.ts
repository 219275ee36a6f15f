import { customers, eq, inArray, orders } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import {
  type ConsoleBrowser,
  signInBrowser,
  signUpBrowser,
  TEST_PASSWORD,
  uniqueEmail,
} from "./console-helpers";
import { type Headers, type Page, restClient } from "./vendor-rest-client";

/**
 * What a vendor does in the console, over REST with an API credential: customers, licenses by
 * hand, search, team, settings, reports; one cursor style for every list; and who may do what.
 */

let server: TestServer;
let rest: ReturnType<typeof restClient>["rest"];
let walk: ReturnType<typeof restClient>["walk"];
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  ({ rest, walk } = restClient(server.url));
});
afterAll(async () => {
  await server?.close();
});

interface Customer {
  id: string;
  email: string | null;
  phone: string | null;
  licenses: number;
  paidOrders: number;
}

/** Opens an add-on order for `phone` (pending: no payment needed to list it). */
async function openOrder(phone: string, serial: string): Promise<string> {
  const created = await rest<{ orderId: string }>(demoHeaders.bearer, "POST", "/orders", {
    item: { kind: "addon", productNumber: 1, serialNo: serial },
    customer: { phone },
  });
  expect(created.status).toBe(200);
  return created.body.orderId;
}

const demoProductId = async () => {
  const products = await rest<{ id: string; kind: string }[]>(demoHeaders.bearer, "GET", "/products");
  const software = products.body.find((p) => p.kind === "software");
  if (!software) throw new Error("the demo vendor has no software product");
  return software.id;
};

const AUTHS: [string, Headers][] = [
  ["Bearer secret", demoHeaders.bearer],
  ["key pair", demoHeaders.biznoq],
];

describe.each(AUTHS)("the console's capabilities over REST, with the demo %s", (label, headers) => {
  const tag = label === "key pair" ? "pair" : "bearer";

  it("creates a license by hand for a new customer, then finds both", async () => {
    const email = `by-hand@${tag}.customers.test`;
    const created = await rest<{ id: string; key: string; status: string }>(headers, "POST", "/licenses", {
      productId: await demoProductId(),
      customerEmail: email,
      expiresAt: null,
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ status: "active" });

    const found = await rest<Page<Customer>>(headers, "GET", `/customers?query=${encodeURIComponent(email)}`);
    expect(found.body.items).toEqual([expect.objectContaining({ email, licenses: 1, paidOrders: 0 })]);
    const customerId = found.body.items[0]?.id ?? "";

    const detail = await rest<{ customer: Customer; licenses: Page<{ id: string }>; orders: Page<unknown> }>(
      headers,
      "GET",
      `/customers/${customerId}`,
    );
    expect(detail.status).toBe(200);
    expect(detail.body.customer).toMatchObject({ id: customerId, email });
    expect(detail.body.licenses).toEqual({
      items: [expect.objectContaining({ id: created.body.id })],
      nextCursor: null,
    });
    expect(detail.body.orders).toEqual({ items: [], nextCursor: null });

    // `/licenses/search` is its own route, not a license named "search".
    const hits = await rest<{ id: string }[]>(
      headers,
      "GET",
      `/licenses/search?query=${encodeURIComponent(email)}`,
    );
    expect(hits.status).toBe(200);
    expect(hits.body.map((h) => h.id)).toEqual([created.body.id]);
  });

  it("refuses a license for a product the vendor does not have, and an unknown customer", async () => {
    const license = await rest(headers, "POST", "/licenses", { productId: "prd_0000000000notours" });
    expect(license.status).toBe(404);
    const customer = await rest<{ data: { code: string } }>(
      headers,
      "GET",
      "/customers/cus_0000000000notours",
    );
    expect(customer.status).toBe(404);
    expect(customer.body.data.code).toBe("not_found");
  });

  it("reads the dashboard and the renewals for a window of days", async () => {
    const dashboard = await rest<{ days: unknown[] }>(headers, "GET", "/dashboard?days=7");
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.days).toHaveLength(7);
    const renewals = await rest<{ days: number; dueSoon: unknown[] }>(headers, "GET", "/renewals?days=45");
    expect(renewals.status).toBe(200);
    expect(renewals.body.days).toBe(45);
    expect((await rest(headers, "GET", "/dashboard?days=0")).status).toBe(400);
  });

  it("reads and changes the store's settings, without ever showing a gateway's secrets", async () => {
    const before = await rest<{
      remindersEnabled: boolean;
      reminderOffsetsDays: number[];
      gateways: Record<string, boolean>;
    }>(headers, "GET", "/settings");
    expect(before.status).toBe(200);
    expect(Object.values(before.body.gateways).every((v) => typeof v === "boolean")).toBe(true);
    const changed = await rest<{ remindersEnabled: boolean; reminderOffsetsDays: number[] }>(
      headers,
      "PATCH",
      "/settings",
      { remindersEnabled: !before.body.remindersEnabled, reminderOffsetsDays: [3, 14] },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      remindersEnabled: !before.body.remindersEnabled,
      reminderOffsetsDays: [14, 3],
    });
    expect((await rest(headers, "PATCH", "/settings", { timezone: "Mars/Olympus" })).status).toBe(400);
    const { remindersEnabled, reminderOffsetsDays } = before.body;
    await rest(headers, "PATCH", "/settings", { remindersEnabled, reminderOffsetsDays });
  });

  it("lists the team, adds a member and removes them; an owner is not its to add", async () => {
    const email = uniqueEmail(`team-${tag}`);
    const added = await rest<{ id: string; role: string }>(headers, "POST", "/team/users", {
      email,
      password: TEST_PASSWORD,
    });
    expect(added.status).toBe(200);
    expect(added.body.role).toBe("member");
    const team = await rest<{ id: string; email: string }[]>(headers, "GET", "/team/users");
    expect(team.body.map((u) => u.email)).toContain(email);

    const owner = await rest<{ data: { code: string } }>(headers, "POST", "/team/users", {
      email: uniqueEmail(`owner-${tag}`),
      password: TEST_PASSWORD,
      role: "owner",
    });
    expect(owner.status).toBe(403);
    expect(owner.body.data.code).toBe("forbidden");

    expect((await rest(headers, "DELETE", `/team/users/${added.body.id}`)).status).toBe(200);
    const after = await rest<{ email: string }[]>(headers, "GET", "/team/users");
    expect(after.body.map((u) => u.email)).not.toContain(email);
    expect((await rest(headers, "DELETE", `/team/users/${added.body.id}`)).status).toBe(404);
  });
});

describe("who may call the owner's routes", () => {
  let owner: ConsoleBrowser;
  let member: ConsoleBrowser;
  let apiKey: Headers;
  const session = (b: ConsoleBrowser) => ({ cookie: b.cookie, "x-csrf-token": b.csrfToken });

  beforeAll(async () => {
    owner = await signUpBrowser(server.url);
    const issued = await owner.mutate<{ secret: string }>("credential.create", { name: "automation" });
    if (!issued.ok) throw new Error("credential.create failed");
    apiKey = { authorization: `Bearer ${issued.data.secret}` };
    const memberEmail = uniqueEmail("member");
    await owner.mutate("account.addUser", { email: memberEmail, password: TEST_PASSWORD, role: "member" });
    member = await signInBrowser(server.url, memberEmail, TEST_PASSWORD);
  });

  it("refuses a member's session the team and settings changes, and lets it read customers", async () => {
    const m = session(member);
    expect((await rest(m, "GET", "/team/users")).status).toBe(403);
    expect(
      (await rest(m, "POST", "/team/users", { email: uniqueEmail(), password: TEST_PASSWORD })).status,
    ).toBe(403);
    expect((await rest(m, "DELETE", `/team/users/${owner.userId}`)).status).toBe(403);
    expect((await rest(m, "PATCH", "/settings", { remindersEnabled: false })).status).toBe(403);
    expect((await rest(m, "GET", "/customers")).status).toBe(200);
    expect((await rest(m, "GET", "/settings")).status).toBe(200);
  });

  it("lets the API credential and the owner's session do them; only the session adds or removes an owner", async () => {
    expect((await rest(apiKey, "GET", "/team/users")).status).toBe(200);
    expect((await rest(apiKey, "PATCH", "/settings", { remindersEnabled: false })).status).toBe(200);
    expect((await rest(apiKey, "DELETE", `/team/users/${owner.userId}`)).status).toBe(403);

    const o = session(owner);
    const second = await rest<{ id: string }>(o, "POST", "/team/users", {
      email: uniqueEmail("second-owner"),
      password: TEST_PASSWORD,
      role: "owner",
    });
    expect(second.status).toBe(200);
    expect((await rest(apiKey, "DELETE", `/team/users/${second.body.id}`)).status).toBe(403);
    expect((await rest(o, "DELETE", `/team/users/${owner.userId}`)).status).toBe(409);
    expect((await rest(o, "DELETE", `/team/users/${second.body.id}`)).status).toBe(200);
  });

  it("keeps API credentials and gateway credentials to the owner's console session", async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(document.paths).filter((p) => /credential|gateway/i.test(p))).toEqual([]);
    const listed = await fetch(`${server.url}/trpc/credential.list`, { headers: apiKey });
    expect(listed.status).toBe(401);
  });

  it("never shows another vendor's customers, their orders or licenses", async () => {
    const demoCustomer = (await rest<Page<Customer>>(demoHeaders.bearer, "GET", "/customers?limit=1")).body
      .items[0];
    if (!demoCustomer) throw new Error("the demo vendor has no customer");
    const detail = await rest<{ data: { code: string } }>(apiKey, "GET", `/customers/${demoCustomer.id}`);
    expect(detail.status).toBe(404);
    expect(JSON.stringify(detail.body)).not.toContain(demoCustomer.id);
    expect(
      (await rest<Page<unknown>>(apiKey, "GET", `/orders?customerId=${demoCustomer.id}`)).body.items,
    ).toEqual([]);
    expect((await rest<Page<unknown>>(apiKey, "GET", "/customers")).body.items).toEqual([]);
    // The demo vendor's cursor, replayed by another vendor, starts no page of anyone's.
    const demoPage = await rest<Page<unknown>>(demoHeaders.bearer, "GET", "/customers?limit=1");
    const replayed = await rest<Page<unknown>>(
      apiKey,
      "GET",
      `/customers?cursor=${encodeURIComponent(demoPage.body.nextCursor ?? "")}`,
    );
    expect(replayed.body).toEqual({ items: [], nextCursor: null });
  });
});

describe("one pagination style: limit, cursor → items, nextCursor", () => {
  it("walks a customer's orders page by page without repeats or gaps, ties on creation time included", async () => {
    const phone = "9000055501";
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push(await openOrder(phone, `B-5550${1000 + i}`));
    // Four orders made in the same microsecond: the id breaks the tie.
    const db = server.testDb.db;
    await db
      .update(orders)
      .set({ createdAt: new Date("2026-01-01T00:00:00Z") })
      .where(inArray(orders.id, created.slice(1, 5)));
    const [customer] = await db
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.phone, phone));

    const walked = await walk<{ id: string }>(demoHeaders.biznoq, `/orders?customerId=${customer?.id}`, 3);
    expect(walked.pages).toBe(3);
    expect(new Set(walked.ids).size).toBe(walked.ids.length);
    expect([...walked.ids].sort()).toEqual([...created].sort());
    // The same through the customer's detail, whose first page has them all.
    const detail = await rest<{ orders: Page<{ id: string }> }>(
      demoHeaders.bearer,
      "GET",
      `/customers/${customer?.id}`,
    );
    expect(detail.body.orders.items.map((o) => o.id)).toEqual(walked.ids);
  });

  it("walks every order and every customer of the vendor once", async () => {
    const vendorId = server.demoVendorId;
    const db = server.testDb.db;
    const allOrders = await db.select({ id: orders.id }).from(orders).where(eq(orders.vendorId, vendorId));
    const allCustomers = await db
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.vendorId, vendorId));
    expect(allOrders.length).toBeGreaterThan(4);

    const walkedOrders = await walk<{ id: string }>(demoHeaders.bearer, "/orders", 4);
    expect(walkedOrders.ids.sort()).toEqual(allOrders.map((o) => o.id).sort());
    const walkedCustomers = await walk<{ id: string }>(demoHeaders.bearer, "/customers", 2);
    expect(walkedCustomers.ids.sort()).toEqual(allCustomers.map((c) => c.id).sort());
  });

  it("refuses a cursor it did not make", async () => {
    for (const path of ["/orders", "/customers", "/licenses"]) {
      const answer = await rest<{ data: { code: string } }>(
        demoHeaders.bearer,
        "GET",
        `${path}?cursor=not-ours`,
      );
      expect(answer.status, path).toBe(400);
      expect(answer.body.data.code).toBe("invalid_input");
    }
  });
});
