import {
  deliverDueMessages,
  listCustomerMessages,
  queueCustomerMessage,
  recordEvent,
  runScheduler,
} from "@keyway/core";
import { and, customerMessages, customers, eq, licenses, vendors } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startBackground } from "../src/background";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { countEvents, openNativeOrder } from "./helpers-gateways";
import { startSmtpServer } from "./helpers-smtp";

/**
 * Customers hear from the vendor (issue 22): the purchase message with the key, once however
 * often the payment is reported; delivery through a real SMTP server with a retry; reminders a
 * customer can unsubscribe from in one click (purchase messages still go); a Biznoq buyer's key
 * by SMS in the dev mailbox.
 */

const SUPPORT = "help@demo-store.test";
const FROM = "no-reply@keyway.test";
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let server: TestServer;
let vendorName = "";
beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startTestServer({ RATE_LIMIT: "off", SMTP_URL: smtp.url, SMTP_FROM: `Keyway <${FROM}>` });
  const [vendor] = await server.testDb.db
    .update(vendors)
    .set({ supportEmail: SUPPORT })
    .where(eq(vendors.id, server.demoVendorId))
    .returning();
  vendorName = vendor?.name ?? "";
}, 60_000);
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const MINUTE = 60_000;
const DAY = 86_400_000;
let seq = 0;

/** A buyer with an email address pays a native order (sandbox) for the add-on; `times` callbacks at once. */
async function paidOrder(email: string, times = 1) {
  const opened = await openNativeOrder(server, demoHeaders.bearer, {
    item: { kind: "addon", productNumber: 1, serialNo: `PM-${Date.now()}-${++seq}` },
    customer: { email },
  });
  const pays = await Promise.all(
    Array.from({ length: times }, () =>
      fetch(opened.paymentUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "action=pay",
        redirect: "manual",
      }),
    ),
  );
  expect(pays.map((r) => r.status)).toEqual(pays.map(() => 303));
  const key = opened.licenseKeys[0] ?? "";
  const [license] = await server.testDb.db.select().from(licenses).where(eq(licenses.key, key));
  if (!license) throw new Error("no license");
  return { ...opened, key, license };
}

const messagesOf = (licenseId: string, kind: string) =>
  server.testDb.db
    .select()
    .from(customerMessages)
    .where(and(eq(customerMessages.licenseId, licenseId), eq(customerMessages.kind, kind)));

/** One pass of the message worker at `now` (tests move the clock instead of waiting). */
const deliver = (now: Date) =>
  deliverDueMessages(server.testDb.db, { sender: server.deps.notifier, now: () => now, random: () => 0.5 });

const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));

describe("the purchase message", () => {
  it("is queued once with every key in full, even when the payment callback arrives ten times at once", async () => {
    const email = "ten-times@example.com";
    const order = await paidOrder(email, 10);
    expect(await countEvents(server, order.orderId, "payment.succeeded")).toBe(1);
    const rows = await messagesOf(order.license.id, "payment.succeeded");
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      channel: "email",
      destination: email,
      status: "pending",
      replyTo: SUPPORT,
      fromName: vendorName,
      unsubscribeUrl: null,
    });
    expect(row?.body).toContain(order.key);
    expect(row?.htmlBody).toContain(order.key);
    expect(row?.body).toContain(`${server.url}/orders/${order.token}`);
  });

  it("goes through a real SMTP server that refuses it first: delivered once, after the retry delay", async () => {
    await deliver(new Date(Date.now() + DAY)); // Whatever is queued already goes first.
    const email = "refused-first@example.com";
    const order = await paidOrder(email);
    smtp.refuseNext(1);
    const t0 = new Date();
    expect(await deliver(t0)).toMatchObject({ claimed: 1, retrying: 1, sent: 0 });
    const [pending] = await messagesOf(order.license.id, "payment.succeeded");
    expect(pending).toMatchObject({ status: "pending", attempts: 1 });
    expect(pending?.lastError).toMatch(/451/);
    expect(smtp.refused).toBe(1);
    expect(mailsTo(email)).toHaveLength(0);

    // Not before its time; then once.
    expect((await deliver(t0)).claimed).toBe(0);
    expect(await deliver(new Date(t0.getTime() + MINUTE + 1))).toMatchObject({ claimed: 1, sent: 1 });
    expect((await deliver(new Date(t0.getTime() + DAY))).claimed).toBe(0);
    const mails = mailsTo(email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.header("reply-to")).toContain(SUPPORT);
    expect(mail?.header("from")).toContain(FROM);
    expect(mail?.header("from")).toContain(vendorName);
    expect(mail?.header("content-type")).toMatch(/^multipart\/alternative/);
    expect(mail?.raw).toMatch(/content-type: text\/html/i);
    expect(mail?.decoded).toContain(order.key);
    expect(mail?.header("list-unsubscribe")).toBeNull();
    const [sent] = await messagesOf(order.license.id, "payment.succeeded");
    expect(sent).toMatchObject({ status: "sent", attempts: 2, lastError: null });
  });
});

describe("a message refused for good", () => {
  it("fails at once and shows in the console's list with the server's reason; the payment stands", async () => {
    await deliver(new Date(Date.now() + DAY));
    const email = "no-such-mailbox@example.com";
    const order = await paidOrder(email);
    expect(order.license.status).toBe("active");
    smtp.refuseNext(1, 550);
    expect(await deliver(new Date(Date.now() + MINUTE))).toMatchObject({ claimed: 1, failed: 1 });
    const failed = await listCustomerMessages(server.testDb.db, {
      vendorId: server.demoVendorId,
      status: "failed",
    });
    const mine = failed.find((m) => m.destination === email);
    expect(mine).toMatchObject({ kind: "payment.succeeded", status: "failed", attempts: 1 });
    expect(mine?.lastError).toContain("550");
    expect(mailsTo(email)).toHaveLength(0);
  });
});

describe("reminders and one-click unsubscribe", () => {
  it("an unsubscribed customer gets no reminder but still the purchase message", async () => {
    const email = "unsubscribes@example.com";
    const first = await paidOrder(email);
    const expiresAt = first.license.expiresAt;
    if (!expiresAt) throw new Error("the add-on license should expire");
    await deliver(new Date(Date.now() + MINUTE));
    expect(mailsTo(email)).toHaveLength(1);

    // A week before expiry the scheduler reminds the customer; the email has RFC 8058 headers.
    const weekBefore = new Date(expiresAt.getTime() - 7 * DAY + MINUTE);
    await runScheduler(server.testDb.db, { now: weekBefore, orderSettings: server.deps.orders });
    expect(await messagesOf(first.license.id, "license.expiring_soon")).toHaveLength(1);
    await deliver(weekBefore);
    const reminder = mailsTo(email).at(-1);
    expect(reminder?.decoded).toContain(first.key.slice(-4));
    expect(reminder?.decoded).not.toContain(first.key);
    expect(reminder?.header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const link = /^<(https?:\/\/[^>]+)>$/.exec(reminder?.header("list-unsubscribe") ?? "")?.[1] ?? "";
    expect(link.startsWith(`${server.url}/unsubscribe?token=`)).toBe(true);

    // The day-before reminder is queued; before it goes out, the customer unsubscribes.
    const dayBefore = new Date(expiresAt.getTime() - DAY + MINUTE);
    await runScheduler(server.testDb.db, { now: dayBefore, orderSettings: server.deps.orders });
    expect(await messagesOf(first.license.id, "license.expiring_soon")).toHaveLength(2);

    // The link shows a page with a button; the mail client's one-click POST unsubscribes.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Stop reminders");
    const [before] = await server.testDb.db.select().from(customers).where(eq(customers.email, email));
    expect(before?.remindersUnsubscribedAt).toBeNull();
    const posted = await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain("You are unsubscribed");

    // The queued reminder is not sent (the console says why), and no new one is written.
    await deliver(dayBefore);
    expect(mailsTo(email)).toHaveLength(2);
    const [held] = (await messagesOf(first.license.id, "license.expiring_soon")).filter(
      (m) => m.status !== "sent",
    );
    expect(held).toMatchObject({ status: "failed", lastError: expect.stringContaining("unsubscribed") });
    const later = await server.testDb.db.transaction(async (tx) => {
      const { eventId } = await recordEvent(tx, {
        vendorId: server.demoVendorId,
        type: "license.expired",
        subjectType: "license",
        subjectId: first.license.id,
        licenseId: first.license.id,
        data: { license_id: first.license.id },
        now: expiresAt,
      });
      return queueCustomerMessage(
        tx,
        {
          vendorId: server.demoVendorId,
          customerId: first.license.customerId,
          licenseId: first.license.id,
          eventId,
          kind: "license.expired",
          facts: {},
          now: expiresAt,
        },
        server.deps.messages,
      );
    });
    expect(later.queued).toBe(0);

    // A new purchase still reaches them, without unsubscribe headers.
    const second = await paidOrder(email);
    await deliver(new Date(dayBefore.getTime() + MINUTE));
    expect(mailsTo(email)).toHaveLength(3);
    const receipt = mailsTo(email).at(-1);
    expect(receipt?.decoded).toContain(second.key);
    expect(receipt?.header("list-unsubscribe")).toBeNull();
    expect(receipt?.header("list-unsubscribe-post")).toBeNull();
  });

  it("answers a forged, cut or missing token with a 400 page", async () => {
    for (const url of ["/unsubscribe?token=v1.forged.token.x", "/unsubscribe?token=", "/unsubscribe"]) {
      for (const method of ["GET", "POST"]) {
        const res = await fetch(`${server.url}${url}`, {
          method,
          ...(method === "POST"
            ? {
                headers: { "content-type": "application/x-www-form-urlencoded" },
                body: "List-Unsubscribe=One-Click",
              }
            : {}),
        });
        expect(res.status, `${method} ${url}`).toBe(400);
        expect(res.headers.get("content-type")).toMatch(/^text\/html/);
        expect(await res.text()).toContain("This unsubscribe link is not valid");
      }
    }
  });
});

describe("a Biznoq buyer (seed 000) on a running server", () => {
  it("gets the key by SMS in the dev mailbox, and signing in with that phone shows the license", async () => {
    const phone = "9460439277";
    const res = await fetch(`${server.url}/api/purchase`, {
      method: "POST",
      headers: { "content-type": "application/json", ...demoHeaders.biznoq },
      body: JSON.stringify({ addonId: 1, serialNo: "B-55550001", buyerPhone: phone }),
    });
    expect(res.status).toBe(200);
    const { paymentUrl, licenseKey } = (await res.json()) as { paymentUrl: string; licenseKey: string };
    const paid = await fetch(paymentUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=pay",
      redirect: "manual",
    });
    expect(paid.status).toBe(303);

    type Mailbox = { messages: { to: string; channel: string; subject: string; text: string }[] };
    const mailbox = async () =>
      ((await (await fetch(`${server.url}/dev/mailbox?format=json`)).json()) as Mailbox).messages;
    // The server's own worker loop sends it.
    const errors: unknown[] = [];
    const background = await startBackground(server.deps, { error: (e) => errors.push(e) });
    try {
      await vi.waitFor(
        async () =>
          expect((await mailbox()).some((m) => m.to === phone && m.text.includes(licenseKey))).toBe(true),
        { timeout: 15_000, interval: 100 },
      );
    } finally {
      await background.stop();
    }
    expect(errors).toEqual([]);
    const sms = (await mailbox()).find((m) => m.to === phone && m.text.includes(licenseKey));
    expect(sms?.channel).toBe("sms");

    // The portal's sign-in with that phone (a code by SMS, read from the dev mailbox).
    const trpc = async (path: string, input?: unknown, cookie?: string) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (cookie) headers.cookie = cookie;
      return input === undefined
        ? fetch(`${server.url}/trpc/${path}`, { headers })
        : fetch(`${server.url}/trpc/${path}`, { method: "POST", headers, body: JSON.stringify(input) });
    };
    expect((await trpc("customer.requestCode", { vendorSlug: "demo", destination: phone })).status).toBe(200);
    const code = (await mailbox()).find((m) => m.to === phone)?.text.match(/\b(\d{6})\b/)?.[1] ?? "";
    const verified = await trpc("customer.verifyCode", { vendorSlug: "demo", destination: phone, code });
    expect(verified.status).toBe(200);
    const cookie = (verified.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const listed = (await (await trpc("customer.licenses", undefined, cookie)).json()) as {
      result?: { data: unknown };
    };
    expect(JSON.stringify(listed.result?.data)).toContain(licenseKey);
  });
});
