import {
  addVendorUser,
  createVendorSession,
  endCustomerSession,
  endVendorSession,
  type Notification,
  type Notifier,
  requestLoginCode,
  verifyLoginCode,
} from "@keyway/core";
import {
  activations,
  apiCredentials,
  customers,
  type Database,
  eq,
  licenses,
  orders,
  planPrices,
  plans,
  products,
  signingKeys,
  subscriptions,
  vendors,
  vendorUsers,
  webhookDeliveries,
  webhookEndpoints,
} from "@keyway/db";
import { demoHeaders, type TestServer } from "../../src/testing";
import { signUpBrowser, TEST_PASSWORD, uniqueEmail } from "../console-helpers";
import type { Headers } from "./http";
import type { ForeignIds } from "./inputs";

/** Vendor A, whose rows vendor B names: one of every kind, and every string that must stay A's. */
export interface OwnerVendor {
  vendorId: string;
  ids: ForeignIds;
  /** A's ids, keys, names, emails, tokens, URLs: none may appear in an answer to B. */
  secrets: string[];
  bearer: Headers;
  ownerSession(): Promise<Headers>;
  /** The customer who holds `ids.license` and `ids.subscription`. */
  customerSession(): Promise<Headers>;
}

/** Vendor B, the caller: good, wrong, revoked and ended credentials of every kind. */
export interface CallingVendor {
  vendorId: string;
  bearer: Headers;
  pair: Headers;
  brand: Headers;
  wrong: { bearer: Headers; pair: Headers; brand: Headers; console: Headers; customer: Headers };
  revoked: { bearer: Headers; pair: Headers; brand: Headers; console: Headers; customer: Headers };
  ownerSession(): Promise<Headers>;
  memberSession(): Promise<Headers>;
  customerSession(): Promise<Headers>;
}

const consoleHeaders = (s: { token: string; csrfToken: string }) => ({
  cookie: `keyway_console=${encodeURIComponent(s.token)}`,
  "x-csrf-token": s.csrfToken,
});
const customerHeaders = (s: { token: string; csrfToken: string }) => ({
  cookie: `keyway_session=${encodeURIComponent(s.token)}`,
  "x-csrf-token": s.csrfToken,
});

/** Signs a customer in as the portal does (a code sent, then typed), keeping the code in memory. */
async function customerSignIn(db: Database, vendorSlug: string, destination: string) {
  const sent: Notification[] = [];
  const notifier: Notifier = { send: async (m) => void sent.push(m), mailbox: () => null };
  await requestLoginCode(db, notifier, { vendorSlug, destination });
  const code = /\b(\d{6})\b/.exec(sent[0]?.text ?? "")?.[1] ?? "";
  return verifyLoginCode(db, { vendorSlug, destination, code });
}

async function api<T>(server: TestServer, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { ...demoHeaders.bearer, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The demo vendor, given what the seed lacks through its own API: an endpoint, a delivery, a paid subscription. */
export async function setUpOwnerVendor(server: TestServer): Promise<OwnerVendor> {
  const db = server.testDb.db;
  const vendorId = server.demoVendorId;
  const owner = await addVendorUser(db, {
    vendorId,
    email: "owner-a@matrix.test",
    password: TEST_PASSWORD,
    role: "owner",
    production: false,
  });
  const license = (await db.select().from(licenses).where(eq(licenses.vendorId, vendorId))).find(
    (l) => l.customerId !== null,
  );
  const [customer] = license?.customerId
    ? await db.select().from(customers).where(eq(customers.id, license.customerId))
    : [];
  const plan = (await db.select().from(plans).where(eq(plans.vendorId, vendorId)))[0];
  const catalog = await db.select().from(products).where(eq(products.vendorId, vendorId));
  const addon = catalog.find((p) => p.kind === "addon");
  const pkg = catalog.find((p) => p.kind === "package");
  const destination = customer?.email ?? customer?.phone;
  if (!license || !destination || !plan || !addon || !pkg) throw new Error("demo fixtures missing");

  const created = await api<{ id?: string; endpoint?: { id: string } }>(
    server,
    "POST",
    "/webhook-endpoints",
    {
      url: "https://hooks.example.com/vendor-a",
      format: "native",
    },
  );
  const endpointId = created.endpoint?.id ?? created.id ?? "";
  const entitlement = await api<{ id: string }>(server, "POST", "/entitlements", {
    code: "VENDOR_A_FEATURE",
    name: "Vendor A's feature",
  });
  await api(server, "POST", `/webhook-endpoints/${endpointId}/test`, {});
  const order = await api<{ paymentUrl: string }>(server, "POST", "/subscriptions", {
    planNumber: plan.number,
    billingCycle: "monthly",
    customer: { email: customer?.email ?? "vendor-a-customer@matrix.test" },
    testMode: true,
  });
  const paid = await fetch(order.paymentUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "action=pay",
    redirect: "manual",
  });
  if (paid.status >= 400) throw new Error(`paying vendor A's order: ${paid.status}`);

  const of = <T>(rows: T[], what: string): T => {
    const row = rows[0];
    if (!row) throw new Error(`vendor A has no ${what}`);
    return row;
  };
  const ids: ForeignIds = {
    license: license.id,
    licenseKey: license.key,
    product: addon.id,
    package: pkg.id,
    addonNumber: addon.number,
    plan: plan.id,
    planNumber: plan.number,
    credential: of(await db.select().from(apiCredentials).where(eq(apiCredentials.vendorId, vendorId)), "key")
      .id,
    endpoint: endpointId,
    delivery: of(
      await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.vendorId, vendorId)),
      "delivery",
    ).id,
    order: of(await db.select().from(orders).where(eq(orders.vendorId, vendorId)), "order").id,
    customer: license.customerId ?? "",
    subscription: of(
      await db.select().from(subscriptions).where(eq(subscriptions.vendorId, vendorId)),
      "plan",
    ).id,
    user: owner.id,
    activation: of(await db.select().from(activations).where(eq(activations.vendorId, vendorId)), "seat").id,
    entitlement: entitlement.id,
    // Asking for the list makes the first key when there is none.
    signingKey:
      (
        (await (await fetch(`${server.url}/api/v1/vendors/demo/signing-keys`)).json()) as {
          keys: { kid: string; status: string }[];
        }
      ).keys.find((k) => k.status === "active")?.kid ?? "",
  };
  return {
    vendorId,
    ids,
    secrets: await stringsOfVendor(db, vendorId),
    bearer: { ...demoHeaders.bearer },
    ownerSession: async () =>
      consoleHeaders(await createVendorSession(db, { vendorId, vendorUserId: owner.id })),
    customerSession: async () => customerHeaders(await customerSignIn(db, "demo", destination)),
  };
}

/** A fresh vendor signed up through the console's API, with every kind of credential. */
export async function setUpCallingVendor(server: TestServer): Promise<CallingVendor> {
  const db = server.testDb.db;
  const owner = await signUpBrowser(server.url, { vendorName: "Matrix Caller" });
  const issue = async (name: string) => {
    const res = await owner.mutate<{ secret: string; credential: { id: string; key: string } }>(
      "credential.create",
      { name },
    );
    if (!res.ok) throw new Error(`credential.create: ${JSON.stringify(res)}`);
    return res.data;
  };
  const good = await issue("matrix");
  const gone = await issue("matrix revoked");
  const revoked = await owner.mutate("credential.revoke", { credentialId: gone.credential.id });
  const brandUrl = "https://caller.matrix.example.net";
  const branded = await owner.mutate("vendorSettings.update", { brandUrl });
  const member = await owner.mutate<{ id: string }>("account.addUser", {
    email: uniqueEmail("member"),
    password: TEST_PASSWORD,
    role: "member",
  });
  if (!revoked.ok || !branded.ok || !member.ok) throw new Error("vendor B setup failed");
  const [vendor] = await db.select().from(vendors).where(eq(vendors.id, owner.vendorId));
  if (!vendor) throw new Error("vendor B missing");

  const session = (userId: string) =>
    createVendorSession(db, { vendorId: owner.vendorId, vendorUserId: userId });
  let customers = 0;
  const customer = () => customerSignIn(db, vendor.slug, `customer-${++customers}@caller.matrix.test`);
  const endedConsole = await session(owner.userId);
  await endVendorSession(db, endedConsole.token);
  const endedCustomer = await customer();
  await endCustomerSession(db, endedCustomer.token);

  const wrongSecret = `sec_${"0".repeat(43)}`;
  return {
    vendorId: owner.vendorId,
    bearer: { authorization: `Bearer ${good.secret}` },
    pair: { "x-api-key": good.credential.key, "x-api-secret": good.secret },
    brand: { "brand-url": brandUrl, "auth-key": good.secret },
    wrong: {
      bearer: { authorization: `Bearer ${wrongSecret}` },
      pair: { "x-api-key": good.credential.key, "x-api-secret": wrongSecret },
      brand: { "brand-url": brandUrl, "auth-key": wrongSecret },
      // A forged token, and one that does not even percent-decode.
      console: { cookie: "keyway_console=kws_forged%E0", "x-csrf-token": "csrf_forged" },
      customer: { cookie: "keyway_session=kwc_forged%E0", "x-csrf-token": "csrf_forged" },
    },
    revoked: {
      bearer: { authorization: `Bearer ${gone.secret}` },
      pair: { "x-api-key": gone.credential.key, "x-api-secret": gone.secret },
      brand: { "brand-url": brandUrl, "auth-key": gone.secret },
      console: consoleHeaders(endedConsole),
      customer: customerHeaders(endedCustomer),
    },
    ownerSession: async () => consoleHeaders(await session(owner.userId)),
    memberSession: async () => consoleHeaders(await session(member.data.id)),
    customerSession: async () => customerHeaders(await customer()),
  };
}

/** Every identifying string of a vendor's rows (short ones, like "demo", would match by chance). */
async function stringsOfVendor(db: Database, vendorId: string): Promise<string[]> {
  const [vendor] = await db.select().from(vendors).where(eq(vendors.id, vendorId));
  const rows: (string | null | undefined)[] = [vendor?.id, vendor?.name, vendor?.brandUrl];
  for (const p of await db.select().from(products).where(eq(products.vendorId, vendorId)))
    rows.push(p.id, p.name, p.slug);
  for (const p of await db.select().from(plans).where(eq(plans.vendorId, vendorId))) rows.push(p.id, p.name);
  for (const l of await db.select().from(licenses).where(eq(licenses.vendorId, vendorId)))
    rows.push(l.id, l.key);
  for (const c of await db.select().from(customers).where(eq(customers.vendorId, vendorId)))
    rows.push(c.id, c.email, c.phone, c.name);
  for (const c of await db.select().from(apiCredentials).where(eq(apiCredentials.vendorId, vendorId)))
    rows.push(c.id, c.key, c.name);
  for (const u of await db.select().from(vendorUsers).where(eq(vendorUsers.vendorId, vendorId)))
    rows.push(u.id, u.email);
  for (const e of await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.vendorId, vendorId)))
    rows.push(e.id, e.url);
  for (const d of await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.vendorId, vendorId)))
    rows.push(d.id);
  for (const o of await db.select().from(orders).where(eq(orders.vendorId, vendorId)))
    rows.push(o.id, o.token, o.reference);
  for (const a of await db.select().from(activations).where(eq(activations.vendorId, vendorId)))
    rows.push(a.id);
  return [...new Set(rows.filter((s): s is string => typeof s === "string" && s.length >= 6))];
}

/** Every row of a vendor, to show a matrix run changed none of them. */
export async function rowsOfVendor(db: Database, vendorId: string): Promise<Record<string, unknown[]>> {
  const byId = <T extends { id: string | number }>(rows: T[]) =>
    rows.sort((x, y) => String(x.id).localeCompare(String(y.id)));
  return {
    vendor: await db.select().from(vendors).where(eq(vendors.id, vendorId)),
    products: byId(await db.select().from(products).where(eq(products.vendorId, vendorId))),
    plans: byId(await db.select().from(plans).where(eq(plans.vendorId, vendorId))),
    planPrices: byId(await db.select().from(planPrices).where(eq(planPrices.vendorId, vendorId))),
    licenses: byId(await db.select().from(licenses).where(eq(licenses.vendorId, vendorId))),
    activations: byId(await db.select().from(activations).where(eq(activations.vendorId, vendorId))),
    customers: byId(await db.select().from(customers).where(eq(customers.vendorId, vendorId))),
    credentials: byId(await db.select().from(apiCredentials).where(eq(apiCredentials.vendorId, vendorId))),
    users: byId(await db.select().from(vendorUsers).where(eq(vendorUsers.vendorId, vendorId))),
    endpoints: byId(await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.vendorId, vendorId))),
    deliveries: byId(
      await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.vendorId, vendorId)),
    ),
    orders: byId(await db.select().from(orders).where(eq(orders.vendorId, vendorId))),
    subscriptions: byId(await db.select().from(subscriptions).where(eq(subscriptions.vendorId, vendorId))),
    signingKeys: byId(await db.select().from(signingKeys).where(eq(signingKeys.vendorId, vendorId))),
  };
}
