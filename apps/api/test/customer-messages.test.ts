import {
  createMessageWorker,
  createTwilioSms,
  issueLicense,
  MessageSendError,
  queueCustomerMessage,
  recordEvent,
} from "@keyway/core";
import { customerMessages, customers, eq, products, vendors } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startBackground } from "../src/background";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { signUpBrowser, trpc } from "./console-helpers";
import { startFakeTwilio } from "./fakes/twilio";

/** Reminders reach customers: SMS through Twilio's API (a local fake), the dev mailbox, the timeline, settings. */

const SID = "AC0123456789abcdef0123456789abcdef";
const TOKEN = "twilio-auth-token-for-tests";
const FROM = "+15005550006";

let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
let server: TestServer;
beforeAll(async () => {
  twilio = await startFakeTwilio(SID, TOKEN);
  server = await startTestServer({
    RATE_LIMIT: "off",
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_FROM: FROM,
    TWILIO_API_URL: twilio.url,
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});

let seq = 0;
/** A phone-only customer (as Biznoq buyers are) with a license, and its reminder queued at `now`. */
async function phoneOnlyReminder(now: Date) {
  const phone = `98${String(10_000_000 + ++seq * 7).padStart(8, "0")}`;
  const [customer] = await server.testDb.db
    .insert(customers)
    .values({ vendorId: server.demoVendorId, phone })
    .returning();
  if (!customer) throw new Error("seed");
  const { license, productName } = await reminderFor(customer.id, now);
  return { phone, license, productName };
}

/** A license of the customer's expiring in 7 days, with its reminder queued. */
async function reminderFor(customerId: string, now: Date) {
  const db = server.testDb.db;
  const vendorId = server.demoVendorId;
  const [product] = await db.select().from(products).where(eq(products.vendorId, vendorId)).limit(1);
  if (!product) throw new Error("seed");
  const license = await db.transaction(async (tx) => {
    const issued = await issueLicense(tx, {
      vendorId,
      productId: product.id,
      customerId,
      status: "active",
      expiresAt: new Date(now.getTime() + 7 * 86_400_000),
      now,
    });
    const { eventId } = await recordEvent(tx, {
      vendorId,
      type: "license.expiring_soon",
      subjectType: "license",
      subjectId: issued.id,
      licenseId: issued.id,
      data: { license_id: issued.id, days_left: 7 },
      now,
    });
    await queueCustomerMessage(tx, {
      vendorId,
      customerId,
      licenseId: issued.id,
      eventId,
      kind: "license.expiring_soon",
      facts: { days_left: 7, renew_url: `${server.url}/account/licenses` },
      now,
    });
    return issued;
  });
  return { license, productName: product.name };
}

/** The message worker on the test server's notifier, on a clock the test moves. */
function messageWorker(now: () => Date) {
  return createMessageWorker({
    db: server.testDb.db,
    sender: server.deps.notifier,
    intervalMs: 1_000,
    now,
    random: () => 0.5,
  });
}

describe("SMS through Twilio", () => {
  it("posts the documented form with Basic auth and an E.164 number, and reads Twilio's errors", async () => {
    const sms = createTwilioSms({ accountSid: SID, authToken: TOKEN, from: FROM, apiUrl: twilio.url });
    const { id } = await sms.send("9460439200", "Hello from the test");
    expect(id).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilio.messages.at(-1)).toEqual({
      sid: id,
      to: "+919460439200",
      from: FROM,
      body: "Hello from the test",
    });

    const wrongToken = createTwilioSms({
      accountSid: SID,
      authToken: "nope",
      from: FROM,
      apiUrl: twilio.url,
    });
    const unauthorized = await wrongToken.send("9460439200", "x").catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(MessageSendError);
    expect(unauthorized).toMatchObject({
      permanent: false,
      message: "Twilio answered 401: Authenticate (20003)",
    });

    twilio.failNext(
      { kind: "error", status: 400, code: 21610, message: "Attempt to send to unsubscribed recipient" },
      { kind: "outage", status: 503 },
    );
    const refused = await sms.send("9460439200", "x").catch((e: unknown) => e);
    expect(refused).toMatchObject({ permanent: true, message: expect.stringContaining("(21610)") });
    expect(await sms.send("9460439200", "x").catch((e: unknown) => e)).toMatchObject({ permanent: false });
    // A number no country code can fix is refused before any call.
    const calls = twilio.messages.length;
    expect(await sms.send("12345", "x").catch((e: unknown) => e)).toMatchObject({ permanent: true });
    expect(twilio.messages).toHaveLength(calls);
  });

  it("texts a sign-in code to a phone number, and keeps it in the dev mailbox", async () => {
    const res = await trpc(server.url, "mutation", "customer.requestCode", {
      vendorSlug: "demo",
      destination: "94604 39201",
    });
    expect(res.ok).toBe(true);
    const text = twilio.messages.find((m) => m.to === "+919460439201")?.body ?? "";
    expect(text).toMatch(/Your sign-in code is \d{6}\./);
    const mailbox = (await (await fetch(`${server.url}/dev/mailbox?format=json`)).json()) as {
      messages: { to: string; channel: string; text: string }[];
    };
    expect(mailbox.messages.find((m) => m.to === "9460439201")).toMatchObject({ channel: "sms", text });
  });
});

describe("reminders to customers", () => {
  it("sends a phone-only customer's reminder by SMS, retries a Twilio outage, and shows it on the timeline", async () => {
    const t0 = new Date();
    const { phone, license, productName } = await phoneOnlyReminder(t0);
    let now = t0;
    const worker = messageWorker(() => now);
    twilio.failNext({ kind: "outage", status: 503 });
    expect(await worker.runOnce()).toBe(1);
    const [row] = await server.testDb.db
      .select()
      .from(customerMessages)
      .where(eq(customerMessages.licenseId, license.id));
    expect(row).toMatchObject({ channel: "sms", status: "pending", attempts: 1 });
    expect(row?.lastError).toContain("Twilio answered 503");
    expect(row?.nextAttemptAt.getTime()).toBe(t0.getTime() + 60_000);

    expect(await worker.runOnce()).toBe(0);
    now = new Date(t0.getTime() + 60_000);
    expect(await worker.runOnce()).toBe(1);
    const texts = twilio.messages.filter((m) => m.to === `+91${phone}`);
    expect(texts).toHaveLength(1);
    const body = texts[0]?.body ?? "";
    expect(body).toContain(
      `Biznoq Demo Store: Your ${productName} license ending in ${license.key.slice(-4)}`,
    );
    expect(body).toContain(`Renew: ${server.url}/account/licenses Reply STOP to opt out`);
    expect(body).not.toContain(license.key);
    expect(body.length).toBeLessThanOrEqual(320);

    const mailbox = (await (await fetch(`${server.url}/dev/mailbox?format=json`)).json()) as {
      messages: { to: string; channel: string; text: string }[];
    };
    expect(mailbox.messages.find((m) => m.to === phone && m.text === body)).toMatchObject({ channel: "sms" });

    const events = await fetch(`${server.url}/api/v1/licenses/${license.id}/events`, {
      headers: demoHeaders.bearer,
    });
    const timeline = (await events.json()) as { items: { type: string; data: Record<string, unknown> }[] };
    expect(timeline.items.find((e) => e.type === "message.sent")?.data).toMatchObject({
      kind: "license.expiring_soon",
      channel: "sms",
      destination: `******${phone.slice(-4)}`,
    });
  });

  it("stops a phone-only customer's reminders once Twilio says the number replied STOP", async () => {
    const t0 = new Date();
    const first = await phoneOnlyReminder(t0);
    const worker = messageWorker(() => t0);
    twilio.failNext({
      kind: "error",
      status: 400,
      code: 21610,
      message: "Attempt to send to unsubscribed recipient",
    });
    expect(await worker.runOnce()).toBe(1);
    const [failed] = await server.testDb.db
      .select()
      .from(customerMessages)
      .where(eq(customerMessages.licenseId, first.license.id));
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    const [customer] = await server.testDb.db
      .select()
      .from(customers)
      .where(eq(customers.phone, first.phone));
    expect(customer?.remindersUnsubscribedAt?.getTime()).toBe(t0.getTime());

    // The next reminder to that customer is not written, so nothing more goes to Twilio.
    const sent = twilio.messages.length;
    const { license } = await reminderFor(customer?.id ?? "", t0);
    expect(await worker.runOnce()).toBe(0);
    expect(twilio.messages).toHaveLength(sent);
    const next = await server.testDb.db
      .select()
      .from(customerMessages)
      .where(eq(customerMessages.licenseId, license.id));
    expect(next).toEqual([]);
  });

  it("keeps a customer's email reminders when only their number replied STOP", async () => {
    const t0 = new Date();
    const db = server.testDb.db;
    const phone = `97${String(10_000_000 + ++seq * 7).padStart(8, "0")}`;
    const [customer] = await db
      .insert(customers)
      .values({ vendorId: server.demoVendorId, phone, email: `stop-${seq}@example.com` })
      .returning();
    if (!customer) throw new Error("seed");
    // The vendor writes to both channels, so this reminder goes by email and by SMS.
    await db.update(vendors).set({ messagesToBoth: true }).where(eq(vendors.id, server.demoVendorId));
    try {
      const { license } = await reminderFor(customer.id, t0);
      twilio.failNext({
        kind: "error",
        status: 400,
        code: 21610,
        message: "Attempt to send to unsubscribed recipient",
      });
      const worker = messageWorker(() => t0);
      while ((await worker.runOnce()) > 0);
      const rows = await db.select().from(customerMessages).where(eq(customerMessages.licenseId, license.id));
      expect(rows.map((r) => [r.channel, r.status]).sort()).toEqual([
        ["email", "sent"],
        ["sms", "failed"],
      ]);
      const [after] = await db.select().from(customers).where(eq(customers.id, customer.id));
      expect(after?.remindersUnsubscribedAt).toBeNull();
    } finally {
      await db.update(vendors).set({ messagesToBoth: false }).where(eq(vendors.id, server.demoVendorId));
    }
  });

  it("delivers from the worker's background loop", async () => {
    const { phone } = await phoneOnlyReminder(new Date());
    const errors: unknown[] = [];
    const background = await startBackground(server.deps, { error: (e) => errors.push(e) });
    try {
      await vi.waitFor(() => expect(twilio.messages.some((m) => m.to === `+91${phone}`)).toBe(true), {
        timeout: 15_000,
        interval: 100,
      });
    } finally {
      await background.stop();
    }
    expect(errors).toEqual([]);
  });
});

describe("reminder settings", () => {
  it("round-trips on/off and the offsets (largest first) and refuses offsets out of range", async () => {
    const owner = await signUpBrowser(server.url);
    const before = await owner.query<{
      name: string;
      remindersEnabled: boolean;
      reminderOffsetsDays: number[];
    }>("vendorSettings.get");
    if (!before.ok) throw new Error("settings");
    expect(before).toMatchObject({ ok: true, data: { remindersEnabled: true, reminderOffsetsDays: [7, 1] } });

    const saved = await owner.mutate("vendorSettings.update", {
      remindersEnabled: false,
      reminderOffsetsDays: [1, 14, 3],
    });
    expect(saved).toMatchObject({
      ok: true,
      data: { remindersEnabled: false, reminderOffsetsDays: [14, 3, 1] },
    });
    expect(await owner.query("vendorSettings.get")).toMatchObject({
      data: { remindersEnabled: false, reminderOffsetsDays: [14, 3, 1] },
    });

    for (const reminderOffsetsDays of [[0], [91], [7, 7], [1, 2, 3, 4, 5, 6], [1.5]]) {
      const refused = await owner.mutate("vendorSettings.update", { reminderOffsetsDays });
      expect(refused, JSON.stringify(reminderOffsetsDays)).toMatchObject({ ok: false, status: 400 });
    }
    // Other settings are left alone; an empty list turns the reminders' days off.
    const other = await owner.mutate("vendorSettings.update", {
      remindersEnabled: true,
      reminderOffsetsDays: [],
    });
    expect(other).toMatchObject({ ok: true, data: { remindersEnabled: true, reminderOffsetsDays: [] } });
    expect(await owner.query("vendorSettings.get")).toMatchObject({ data: { name: before.data.name } });
  });
});
