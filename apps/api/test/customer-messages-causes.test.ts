import { resendPurchaseMessage } from "@keyway/core";
import { and, customerMessages, desc, eq, licenses, vendors } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { openNativeOrder, postJson, refundThroughKeyway } from "./helpers-gateways";

/**
 * Every change a customer should hear of writes its message in the change's own transaction:
 * a failed or cancelled payment, a refund, a reissued key, a license moved to another device,
 * and support's resend of the purchase message. Only the purchase message shows a key in full.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

let seq = 0;
async function order(email: string, action: "pay" | "fail" | "cancel" = "pay") {
  const serial = `MC-${Date.now()}-${++seq}`;
  const opened = await openNativeOrder(server, demoHeaders.bearer, {
    item: { kind: "addon", productNumber: 1, serialNo: serial },
    customer: { email },
  });
  const res = await fetch(opened.paymentUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `action=${action}`,
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  const key = opened.licenseKeys[0] ?? "";
  const [license] = await server.testDb.db.select().from(licenses).where(eq(licenses.key, key));
  if (!license) throw new Error("no license");
  return { ...opened, key, serial, license };
}

const messages = (destination: string) =>
  server.testDb.db
    .select()
    .from(customerMessages)
    .where(eq(customerMessages.destination, destination))
    .orderBy(desc(customerMessages.createdAt), desc(customerMessages.id));

const kinds = async (destination: string) => (await messages(destination)).map((m) => m.kind).sort();

describe("messages caused by orders", () => {
  it("a failed payment and a cancelled one each tell the customer, with a link to try again", async () => {
    const failed = await order("failed-pay@example.com", "fail");
    const cancelled = await order("cancelled-pay@example.com", "cancel");
    const [f] = await messages("failed-pay@example.com");
    expect(f).toMatchObject({ kind: "payment.failed", channel: "email" });
    expect(f?.body).not.toContain(failed.key);
    const [c] = await messages("cancelled-pay@example.com");
    expect(c).toMatchObject({ kind: "order.cancelled" });
    expect(c?.body).not.toContain(cancelled.key);
    expect(c?.body).toContain(`${server.url}/orders/${cancelled.token}`);
  });

  it("a refund tells the customer the amount; support can resend the purchase message with the key", async () => {
    const email = "refunded@example.com";
    const paid = await order(email);
    const refund = await refundThroughKeyway(server, demoHeaders.bearer, paid.orderId, {});
    expect(refund.status).toBe(200);
    expect(await kinds(email)).toEqual(["payment.refunded", "payment.succeeded"]);
    const [refunded] = await messages(email);
    expect(refunded?.body).not.toContain(paid.key);

    const again = await resendPurchaseMessage(server.testDb.db, {
      vendorId: server.demoVendorId,
      orderId: paid.orderId,
      now: new Date(),
      links: server.deps.messages,
    });
    expect(again.queued).toBe(1);
    const copies = (await messages(email)).filter((m) => m.kind === "payment.succeeded");
    expect(copies).toHaveLength(2);
    for (const copy of copies) expect(copy.body).toContain(paid.key);
    expect(new Set(copies.map((m) => m.eventId)).size).toBe(2);
  });
});

describe("channels", () => {
  it("a customer with both an address and a phone gets email only, or both when the vendor wants it", async () => {
    const both = async (email: string, phone: string) => {
      const opened = await openNativeOrder(server, demoHeaders.bearer, {
        item: { kind: "addon", productNumber: 1, serialNo: `MB-${Date.now()}-${++seq}` },
        customer: { email, phone },
      });
      await fetch(opened.paymentUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "action=pay",
        redirect: "manual",
      });
      const [license] = await server.testDb.db
        .select()
        .from(licenses)
        .where(eq(licenses.key, opened.licenseKeys[0] ?? ""));
      const rows = await server.testDb.db
        .select()
        .from(customerMessages)
        .where(eq(customerMessages.licenseId, license?.id ?? ""));
      return { key: opened.licenseKeys[0] ?? "", rows };
    };
    const one = await both("email-only@example.com", "9460439301");
    expect(one.rows.map((r) => r.channel)).toEqual(["email"]);

    await server.testDb.db
      .update(vendors)
      .set({ messagesToBoth: true })
      .where(eq(vendors.id, server.demoVendorId));
    try {
      const two = await both("email-and-sms@example.com", "9460439302");
      expect(two.rows.map((r) => [r.channel, r.destination]).sort()).toEqual([
        ["email", "email-and-sms@example.com"],
        ["sms", "9460439302"],
      ]);
      for (const row of two.rows) expect(row.body).toContain(two.key);
      expect(two.rows.find((r) => r.channel === "sms")?.htmlBody).toBeNull();
    } finally {
      await server.testDb.db
        .update(vendors)
        .set({ messagesToBoth: false })
        .where(eq(vendors.id, server.demoVendorId));
    }
  });
});

describe("messages caused by license changes", () => {
  it("a reissued key shows only the new key's last 4 characters", async () => {
    const email = "reissued@example.com";
    const paid = await order(email);
    const res = await postJson(
      `${server.url}/api/v1/licenses/${paid.license.id}/reissue-key`,
      {},
      demoHeaders.bearer,
    );
    expect(res.status).toBe(200);
    const { key } = (await res.json()) as { key: string };
    const [notice] = await messages(email);
    expect(notice?.kind).toBe("license.key_reissued");
    expect(notice?.body).toContain(key.replace(/-/g, "").slice(-4));
    expect(notice?.body).not.toContain(key);
    expect(notice?.body).not.toContain(paid.key);
  });

  it("moving the license to another device tells the customer; a first activation does not", async () => {
    const email = "moved@example.com";
    const paid = await order(email);
    const validate = (path: string, serial: string) =>
      postJson(`${server.url}/api/v1/licenses/${path}`, { key: paid.key, serial });
    expect((await validate("activate", paid.serial)).status).toBe(200);
    const moved = () =>
      server.testDb.db
        .select()
        .from(customerMessages)
        .where(
          and(eq(customerMessages.licenseId, paid.license.id), eq(customerMessages.kind, "license.moved")),
        );
    expect(await moved()).toHaveLength(0);
    expect((await validate("deactivate", paid.serial)).status).toBe(200);
    const next = `${paid.serial}-NEW`;
    expect((await validate("activate", next)).status).toBe(200);
    const [notice] = await moved();
    expect(notice?.body).toContain(next);
    expect(notice?.body).not.toContain(paid.key);
  });
});
