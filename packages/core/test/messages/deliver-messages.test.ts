import { createDb, customerMessages, customers, type Database, eq } from "@keyway/db";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { recordEvent } from "../../src/events/record-event";
import { listLicenseEvents } from "../../src/index";
import { issueLicense } from "../../src/licensing/issue-license";
import {
  deliverDueMessages,
  MAX_MESSAGE_ATTEMPTS,
  MESSAGE_RETRY_DELAYS_MS,
} from "../../src/messages/deliver-messages";
import { listCustomerMessages } from "../../src/messages/list-messages";
import { createMessageWorker } from "../../src/messages/message-worker";
import { queueCustomerMessage } from "../../src/messages/queue-message";
import type { MessageSender } from "../../src/notify/notifier";
import { MessageSendError } from "../../src/notify/sms";
import { demoSetup } from "../licensing/helpers";

let testDb: TestDb;
let vendorId: string;
let productId: string;
beforeAll(async () => {
  testDb = await createTestDb();
  const setup = await demoSetup(testDb.db);
  vendorId = setup.vendorId;
  productId = setup.software.id;
});
afterAll(async () => {
  await testDb.close();
});
afterEach(async () => {
  await testDb.db.delete(customerMessages);
});

const T0 = new Date("2027-03-01T10:00:00Z");
const DAY = 86_400_000;
const at = (ms: number) => new Date(T0.getTime() + ms);
const RENEW = "https://keys.example.com/account/licenses";
let seq = 0;

/** What a sender was asked to send; `fail` makes it throw. */
function fakeSender(behaviour: { fail?: () => Error; delayMs?: number } = {}) {
  const sent: { channel: "email" | "sms"; to: string; subject: string | null; text: string }[] = [];
  const go = async (entry: (typeof sent)[number]) => {
    if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
    if (behaviour.fail) throw behaviour.fail();
    sent.push(entry);
  };
  const sender: MessageSender = {
    email: ({ to, subject, text }) => go({ channel: "email", to, subject, text }),
    sms: (to, text) => go({ channel: "sms", to, subject: null, text }),
  };
  return { sender, sent };
}

/** A customer with a license expiring in 7 days, and the scheduler's reminder for it queued. */
async function remindedCustomer(contact: { email?: string; phone?: string }) {
  const db = testDb.db;
  const [customer] = await db
    .insert(customers)
    .values({ vendorId, ...contact })
    .returning();
  if (!customer) throw new Error("customer");
  return db.transaction(async (tx) => {
    const license = await issueLicense(tx, {
      vendorId,
      productId,
      customerId: customer.id,
      status: "active",
      expiresAt: at(7 * DAY),
      now: T0,
    });
    const { eventId } = await recordEvent(tx, {
      vendorId,
      type: "license.expiring_soon",
      subjectType: "license",
      subjectId: license.id,
      licenseId: license.id,
      data: { license_id: license.id, days_left: 7 },
      now: T0,
    });
    const queue = () =>
      queueCustomerMessage(tx, {
        vendorId,
        customerId: customer.id,
        licenseId: license.id,
        eventId,
        kind: "license.expiring_soon",
        facts: { days_left: 7, renew_url: RENEW },
        now: T0,
      });
    const first = await queue();
    const again = await queue();
    return { license, customerId: customer.id, eventId, queued: first.queued + again.queued };
  });
}

const email = () => `buyer-${++seq}@example.com`;
const phone = () => `94604${String(39_200 + ++seq).padStart(5, "0")}`;

async function messagesOf(licenseId: string) {
  return listCustomerMessages(testDb.db, { vendorId, licenseId });
}

describe("customer messages", () => {
  it("queues one message per event, sends it by email and puts it on the license's timeline", async () => {
    const to = email();
    const { license, queued } = await remindedCustomer({ email: to });
    expect(queued).toBe(1);
    const [row] = await messagesOf(license.id);
    expect(row).toMatchObject({ channel: "email", destination: to, status: "pending", attempts: 0 });
    expect(row?.subject).toBe("Your Example Product license expires in 7 days — Biznoq Demo Store");

    const { sender, sent } = fakeSender();
    const counts = await deliverDueMessages(testDb.db, { sender, now: () => T0 });
    expect(counts).toMatchObject({ claimed: 1, sent: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe(to);
    expect(sent[0]?.text).toContain(`ending in …${license.key.slice(-4)} expires in 7 days (on 8 Mar 2027)`);
    expect(sent[0]?.text).toContain(`Renew: ${RENEW}`);
    expect(sent[0]?.text).not.toContain(license.key);

    expect((await messagesOf(license.id))[0]).toMatchObject({ status: "sent", sentAt: T0.toISOString() });
    const timeline = await listLicenseEvents(testDb.db, { vendorId, licenseId: license.id });
    const note = timeline.items.find((e) => e.type === "message.sent");
    expect(note?.data).toMatchObject({
      kind: "license.expiring_soon",
      channel: "email",
      destination: "***@example.com",
    });
    // Nothing is sent twice.
    expect((await deliverDueMessages(testDb.db, { sender, now: () => at(DAY) })).claimed).toBe(0);
  });

  it("texts a phone-only customer, one short SMS with the key's last 4 characters", async () => {
    const to = phone();
    const { license } = await remindedCustomer({ phone: to });
    const { sender, sent } = fakeSender();
    await deliverDueMessages(testDb.db, { sender, now: () => T0 });
    expect(sent).toHaveLength(1);
    const [sms] = sent;
    expect(sms).toMatchObject({ channel: "sms", to });
    expect(sms?.text.length).toBeLessThanOrEqual(320);
    expect(sms?.text).toMatch(/^Biznoq Demo Store: Your Example Product license ending in \S{4} expires/);
    expect(sms?.text).toContain(license.key.slice(-4));
    expect(sms?.text).not.toContain(license.key);
    expect(sms?.text).toMatch(/Reply STOP to opt out$/);
    const timeline = await listLicenseEvents(testDb.db, { vendorId, licenseId: license.id });
    expect(timeline.items.find((e) => e.type === "message.sent")?.data).toMatchObject({
      channel: "sms",
      destination: `******${to.slice(-4)}`,
    });
  });

  it("retries a failing provider with growing delays on the moved clock, then fails for good", async () => {
    const { license } = await remindedCustomer({ email: email() });
    const { sender } = fakeSender({ fail: () => new Error("SMTP 451 try later") });
    const run = (now: Date) => deliverDueMessages(testDb.db, { sender, now: () => now, random: () => 0.5 });

    let now = T0;
    for (let attempt = 1; attempt < MAX_MESSAGE_ATTEMPTS; attempt++) {
      expect(await run(now)).toMatchObject({ claimed: 1, retrying: 1 });
      const delay = MESSAGE_RETRY_DELAYS_MS[attempt - 1] ?? 0;
      const [row] = await messagesOf(license.id);
      expect(row).toMatchObject({ status: "pending", attempts: attempt, lastError: "SMTP 451 try later" });
      expect(row?.nextAttemptAt).toBe(new Date(now.getTime() + delay).toISOString());
      // Not before its time.
      expect((await run(new Date(now.getTime() + delay - 1_000))).claimed).toBe(0);
      now = new Date(now.getTime() + delay);
    }
    expect(await run(now)).toMatchObject({ claimed: 1, failed: 1 });
    const failed = await listCustomerMessages(testDb.db, { vendorId, status: "failed" });
    expect(failed.map((m) => m.licenseId)).toEqual([license.id]);
    expect(failed[0]).toMatchObject({ attempts: MAX_MESSAGE_ATTEMPTS, lastError: "SMTP 451 try later" });
    expect((await run(at(30 * DAY))).claimed).toBe(0);
    const timeline = await listLicenseEvents(testDb.db, { vendorId, licenseId: license.id });
    expect(timeline.items.map((e) => e.type)).toContain("message.failed");
    expect(timeline.items.map((e) => e.type)).not.toContain("message.sent");
  });

  it("fails at once when the provider refuses the message for good, and gives up on a hung one", async () => {
    const refused = await remindedCustomer({ phone: phone() });
    const bad = fakeSender({ fail: () => new MessageSendError("Invalid 'To' number", { permanent: true }) });
    expect(await deliverDueMessages(testDb.db, { sender: bad.sender, now: () => T0 })).toMatchObject({
      failed: 1,
    });
    expect((await messagesOf(refused.license.id))[0]).toMatchObject({ status: "failed", attempts: 1 });

    const hung = await remindedCustomer({ email: email() });
    const never: MessageSender = { email: () => new Promise(() => {}), sms: () => new Promise(() => {}) };
    expect(
      await deliverDueMessages(testDb.db, { sender: never, now: () => T0, timeoutMs: 50 }),
    ).toMatchObject({
      retrying: 1,
    });
    expect((await messagesOf(hung.license.id))[0]?.lastError).toMatch(/No answer within 50 ms/);
  });

  it("never sends a message twice when two delivery loops run at once", async () => {
    const licenses = [];
    for (let i = 0; i < 6; i++) licenses.push((await remindedCustomer({ email: email() })).license.id);
    // On Postgres the second loop has its own connections, as a second worker process would.
    const second = testDb.url ? await createDb({ databaseUrl: testDb.url, max: 4 }) : null;
    try {
      const { sender, sent } = fakeSender({ delayMs: 20 });
      const loop = (db: Database) => deliverDueMessages(db, { sender, now: () => T0, limit: 6 });
      const [a, b] = await Promise.all([loop(testDb.db), loop(second?.db ?? testDb.db)]);
      expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(6);
      expect(sent).toHaveLength(6);
      expect(new Set(sent.map((m) => m.to)).size).toBe(6);
      for (const id of licenses) expect((await messagesOf(id))[0]?.status).toBe("sent");
    } finally {
      await second?.close();
    }
  });

  it("runs as a worker loop that sends what is due and stops cleanly", async () => {
    const { license } = await remindedCustomer({ email: email() });
    const { sender, sent } = fakeSender();
    const errors: unknown[] = [];
    const worker = createMessageWorker({
      db: testDb.db,
      sender,
      intervalMs: 1_000,
      now: () => T0,
      onError: (e) => errors.push(e),
    });
    await worker.start();
    try {
      await vi.waitFor(() => expect(sent).toHaveLength(1), { timeout: 10_000 });
    } finally {
      await worker.stop();
    }
    expect(errors).toEqual([]);
    expect((await messagesOf(license.id))[0]?.status).toBe("sent");
  });

  it("queues nothing for a customer without a contact or of another vendor", async () => {
    const [nobody] = await testDb.db.insert(customers).values({ vendorId, name: "No contact" }).returning();
    const queued = await testDb.db.transaction((tx) =>
      queueCustomerMessage(tx, {
        vendorId: "ven_other",
        customerId: nobody?.id ?? null,
        licenseId: null,
        eventId: "evt_x",
        kind: "license.expired",
        facts: {},
        now: T0,
      }),
    );
    expect(queued.queued).toBe(0);
    const own = await testDb.db.transaction((tx) =>
      queueCustomerMessage(tx, {
        vendorId,
        customerId: nobody?.id ?? null,
        licenseId: null,
        eventId: "evt_y",
        kind: "license.expired",
        facts: {},
        now: T0,
      }),
    );
    expect(own.queued).toBe(0);
    expect(
      await testDb.db.select().from(customerMessages).where(eq(customerMessages.vendorId, vendorId)),
    ).toEqual([]);
  });
});
