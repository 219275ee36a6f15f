import { issueLicense, queueCustomerMessage, recordEvent } from "@keyway/core";
import { customerMessages, customers, eq, products } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import {
  type ConsoleBrowser,
  signInBrowser,
  signUpBrowser,
  TEST_PASSWORD,
  uniqueEmail,
} from "./console-helpers";
import { restClient } from "./vendor-rest-client";

/**
 * The vendor's own words for customer messages: placeholders checked on save, a saved template
 * in the next message, a kind turned off, the preview in the store's branding, who may edit,
 * and the message log by customer and license.
 */

let server: TestServer;
let rest: ReturnType<typeof restClient>["rest"];
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  ({ rest } = restClient(server.url));
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const api = demoHeaders.bearer;
type ErrorBody = { message: string; data: { code: string } };
interface Template {
  kind: string;
  enabled: boolean;
  class: string;
  override: { subject: string | null } | null;
  defaults: { subject: string };
  placeholders: { name: string }[];
}

type EventType = Parameters<typeof recordEvent>[1]["type"];

let seq = 0;
/** A demo-vendor customer with an email address and a license, and a message of `kind` queued for it. */
async function customerWithLicense() {
  const db = server.testDb.db;
  const vendorId = server.demoVendorId;
  const email = `buyer-${++seq}-${Date.now()}@example.com`;
  const [customer] = await db.insert(customers).values({ vendorId, email, name: "Asha Rao" }).returning();
  const [product] = await db.select().from(products).where(eq(products.vendorId, vendorId)).limit(1);
  if (!customer || !product) throw new Error("seed");
  const now = new Date();
  const license = await issueLicense(db, {
    vendorId,
    productId: product.id,
    customerId: customer.id,
    status: "active",
    expiresAt: new Date(now.getTime() + 7 * 86_400_000),
    now,
  });
  return { customer, license, product, email };
}

async function queue(kind: EventType, who: Awaited<ReturnType<typeof customerWithLicense>>) {
  const now = new Date();
  return server.testDb.db.transaction(async (tx) => {
    const { eventId } = await recordEvent(tx, {
      vendorId: server.demoVendorId,
      type: kind,
      subjectType: "license",
      subjectId: who.license.id,
      licenseId: who.license.id,
      data: { license_id: who.license.id },
      now,
    });
    return queueCustomerMessage(tx, {
      vendorId: server.demoVendorId,
      customerId: who.customer.id,
      licenseId: who.license.id,
      eventId,
      kind,
      facts: { renew_url: `${server.url}/account/licenses` },
      now,
    });
  });
}

const rowsOf = (licenseId: string) =>
  server.testDb.db.select().from(customerMessages).where(eq(customerMessages.licenseId, licenseId));

describe("message templates", () => {
  it("lists every kind with its built-in words and placeholders; the purchase alone may show keys", async () => {
    const list = await rest<Template[]>(api, "GET", "/message-templates");
    expect(list.status).toBe(200);
    const byKind = new Map(list.body.map((t) => [t.kind, t]));
    expect(byKind.get("payment.succeeded")).toMatchObject({ class: "transactional", enabled: true });
    expect(byKind.get("license.expiring_soon")).toMatchObject({ class: "reminder", override: null });
    const names = (kind: string) => byKind.get(kind)?.placeholders.map((p) => p.name) ?? [];
    expect(names("payment.succeeded")).toContain("license_keys");
    expect(names("license.key_reissued")).not.toContain("license_keys");
    expect(names("license.key_reissued")).toContain("key_last4");
  });

  it("refuses on save an unknown placeholder, a malformed {{ and an unknown kind, in words", async () => {
    const unknown = await rest<ErrorBody>(api, "PUT", "/message-templates/license.expiring_soon", {
      subject: "Renew {{product_name}} before {{expiry_day}}",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/subject/i);
    expect(unknown.body.message).toContain("{{expiry_day}}");
    // A reminder has no keys in full: only the purchase message does.
    const keys = await rest<ErrorBody>(api, "PUT", "/message-templates/license.expired", {
      textBody: "Your key: {{license_keys}}",
    });
    expect(keys.status).toBe(400);
    expect(keys.body.message).toMatch(/text body uses the placeholder \{\{license_keys\}\}/);

    const malformed = await rest<ErrorBody>(api, "PUT", "/message-templates/license.expired", {
      smsBody: "{{vendor_name}}: renew {{product_name",
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/SMS text .*“\{\{” is not closed/);

    const kind = await rest<ErrorBody>(api, "PUT", "/message-templates/license.exploded", { enabled: false });
    expect(kind.status).toBe(400);
    expect(JSON.stringify(kind.body)).toContain("There is no message kind “license.exploded”");
    // Nothing was saved.
    const list = await rest<Template[]>(api, "GET", "/message-templates");
    expect(list.body.find((t) => t.kind === "license.expiring_soon")?.override).toBeNull();
  });

  it("puts a saved subject in the next queued message, and the built-in one back on reset", async () => {
    const saved = await rest<Template>(api, "PUT", "/message-templates/license.expired", {
      subject: "{{product_name}} stopped on {{expires_at}}{{#key_last4}} (key …{{key_last4}}){{/key_last4}}",
    });
    expect(saved.status).toBe(200);
    expect(saved.body.override?.subject).toContain("{{product_name}} stopped");

    const first = await customerWithLicense();
    expect(await queue("license.expired", first)).toEqual({ queued: 1 });
    const [row] = await rowsOf(first.license.id);
    expect(row?.subject).toMatch(
      new RegExp(`^${first.product.name} stopped on \\d{1,2} \\w{3} \\d{4} \\(key …\\w{4}\\)$`),
    );
    expect(row?.subject).toContain(first.license.key.replace(/-/g, "").slice(-4));
    expect(row?.htmlBody).toContain("Unsubscribe");

    const reset = await rest<Template>(api, "PUT", "/message-templates/license.expired", { subject: null });
    expect(reset.body.override).toBeNull();
    const second = await customerWithLicense();
    await queue("license.expired", second);
    const [again] = await rowsOf(second.license.id);
    expect(again?.subject).toBe(`Your ${second.product.name} license has expired — Biznoq Demo Store`);
  });

  it("sends nothing of a kind the vendor turned off, and sends it again once on", async () => {
    expect(
      (await rest(api, "PUT", "/message-templates/license.grace_ended", { enabled: false })).status,
    ).toBe(200);
    const who = await customerWithLicense();
    expect(await queue("license.grace_ended", who)).toEqual({ queued: 0 });
    expect(await rowsOf(who.license.id)).toEqual([]);

    await rest(api, "PUT", "/message-templates/license.grace_ended", { enabled: true });
    expect(await queue("license.grace_ended", who)).toEqual({ queued: 1 });
  });
});

describe("preview and branding", () => {
  let owner: ConsoleBrowser;
  let member: ConsoleBrowser;
  beforeAll(async () => {
    owner = await signUpBrowser(server.url, { vendorName: "Tools & <Co>", currency: "EUR" });
    const memberEmail = uniqueEmail("member");
    await owner.mutate("account.addUser", { email: memberEmail, password: TEST_PASSWORD, role: "member" });
    member = await signInBrowser(server.url, memberEmail, TEST_PASSWORD);
  });

  it("renders a draft with sample facts in the store's logo, colour and support address", async () => {
    const branded = await owner.mutate("vendorSettings.update", {
      brandColor: "#AA3300",
      brandLogoUrl: "https://cdn.example.com/logo.png",
      supportEmail: "help@tools.example",
    });
    expect(branded).toMatchObject({
      ok: true,
      data: {
        brandColor: "#aa3300",
        brandLogoUrl: "https://cdn.example.com/logo.png",
        supportEmail: "help@tools.example",
      },
    });
    const preview = await owner.mutate<{ subject: string; text: string; html: string; sms: string }>(
      "message.previewTemplate",
      { kind: "payment.succeeded", subject: "Thanks for {{product_name}} ({{amount}})" },
    );
    if (!preview.ok) throw new Error(JSON.stringify(preview));
    expect(preview.data.subject).toBe("Thanks for Sample App (€2,999.00)");
    expect(preview.data.html).toContain('src="https://cdn.example.com/logo.png"');
    expect(preview.data.html).toContain("#aa3300");
    expect(preview.data.html).toContain("mailto:help@tools.example");
    // Values are escaped: the store's name cannot break the HTML.
    expect(preview.data.html).toContain("Tools &amp; &lt;Co&gt;");
    expect(preview.data.html).not.toContain("<Co>");
    // The purchase shows the key in full; a transactional message has no unsubscribe or STOP.
    expect(preview.data.text).toContain("KW-7QX2-M9PA-4HZC-ABCD");
    expect(preview.data.html).not.toContain("Unsubscribe");
    expect(preview.data.sms).not.toContain("STOP");

    const reminder = await member.mutate<{ html: string; sms: string }>("message.previewTemplate", {
      kind: "license.expiring_soon",
    });
    if (!reminder.ok) throw new Error(JSON.stringify(reminder));
    expect(reminder.data.html).toContain("Unsubscribe");
    expect(reminder.data.sms).toMatch(/Reply STOP to opt out$/);

    const refused = await owner.mutate("message.previewTemplate", {
      kind: "license.expired",
      htmlBody: "<p>{{nope}}</p>",
    });
    expect(refused).toMatchObject({ ok: false, status: 400 });
    expect(
      await owner.mutate("vendorSettings.update", { brandLogoUrl: "http://cdn.example.com/logo.png" }),
    ).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it("lets a member read and preview, and only the owner save", async () => {
    expect(await member.query("message.templates")).toMatchObject({ ok: true });
    expect(
      await member.mutate("message.saveTemplate", { kind: "license.expired", enabled: false }),
    ).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await member.mutate("vendorSettings.update", { supportEmail: "x@tools.example" })).toMatchObject({
      ok: false,
      status: 403,
    });
    const saved = await owner.mutate<Template>("message.saveTemplate", {
      kind: "license.expired",
      enabled: false,
      smsBody: "{{vendor_name}}: {{product_name}} expired.",
    });
    expect(saved).toMatchObject({
      ok: true,
      data: { enabled: false, override: { smsBody: expect.any(String) } },
    });
    const list = await member.query<Template[]>("message.templates");
    if (!list.ok) throw new Error("list");
    expect(list.data.find((t) => t.kind === "license.expired")).toMatchObject({ enabled: false });
  });
});

describe("message log", () => {
  it("filters by customer and by license, with the address masked", async () => {
    const a = await customerWithLicense();
    const b = await customerWithLicense();
    await queue("license.expiring_soon", a);
    await queue("license.expiring_soon", b);
    type Page = {
      items: { customerId: string; licenseId: string; maskedDestination: string; status: string }[];
    };
    const ofA = await rest<Page>(api, "GET", `/messages?customerId=${a.customer.id}`);
    expect(ofA.status).toBe(200);
    expect(ofA.body.items).toHaveLength(1);
    expect(ofA.body.items[0]).toMatchObject({
      customerId: a.customer.id,
      maskedDestination: "***@example.com",
      status: "pending",
    });
    const ofB = await rest<Page>(api, "GET", `/messages?licenseId=${b.license.id}&status=pending`);
    expect(ofB.body.items.map((m) => m.licenseId)).toEqual([b.license.id]);
    expect(
      (await rest<Page>(api, "GET", `/messages?licenseId=${b.license.id}&status=sent`)).body.items,
    ).toEqual([]);
    // Another vendor sees none of them.
    const other = await signUpBrowser(server.url);
    const theirs = await other.query<Page>("message.list", { customerId: a.customer.id });
    expect(theirs).toMatchObject({ ok: true, data: { items: [] } });
  });

  it("answers 404 for resending the purchase message of an order that is not the vendor's", async () => {
    const answer = await rest<ErrorBody>(
      api,
      "POST",
      "/orders/ord_0000000000notours/resend-purchase-message",
      {},
    );
    expect(answer.status).toBe(404);
    expect(answer.body.data.code).toBe("not_found");
  });
});
