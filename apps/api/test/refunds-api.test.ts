import { addVendorUser, createVendorSession } from "@keyway/core";
import { eq, refunds as refundRows } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { TEST_PASSWORD, trpc } from "./console-helpers";
import { createOtherVendor } from "./helpers-license";
import { api, biznoqPurchase, expectDocumented, paidSubscription, validate } from "./helpers-refunds";

/**
 * `POST /api/v1/orders/{orderId}/refund` and `GET …/refunds` on a running server: sandbox
 * (test-mode) purchases paid on the pay page, then refunded as a vendor's back end or console would.
 */

let server: TestServer;
let document: Parameters<typeof expectDocumented>[0];
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  document = (await (await fetch(`${server.url}/openapi.json`)).json()) as typeof document;
});
afterAll(async () => {
  await server.close();
});

const refund = (orderId: string, body: Record<string, unknown> = {}, headers?: Record<string, string>) =>
  api(server, "POST", `/orders/${orderId}/refund`, body, headers);

describe("a full refund", () => {
  it("leaves the order refunded and the key refused on every surface", async () => {
    const order = await biznoqPurchase(server, "B-70000001");
    const serial = { serial: order.serialNo };
    expect(await validate(server, order.licenseKey, serial)).toBe("ok");

    const res = await refund(order.orderId, { reason: "Bought by mistake" });
    expect(res.status).toBe(200);
    expect(res.body.order).toEqual({
      id: order.orderId,
      status: "refunded",
      amount: order.amount,
      refundedAmount: order.amount,
      currency: "INR",
    });
    expect(res.body.refund).toMatchObject({
      status: "succeeded",
      source: "keyway",
      gateway: "sandbox",
      amount: order.amount,
      reason: "Bought by mistake",
      licenseAction: "revoke",
    });
    expectDocumented(document, "post", "/orders/{orderId}/refund", res.body);

    const got = await api(server, "GET", `/orders/${order.orderId}`);
    expect(got.body).toMatchObject({ status: "refunded", refundedAmount: order.amount });
    expectDocumented(document, "get", "/orders/{orderId}", got.body);

    const status = await fetch(`${server.url}/api/purchase/status/${order.licenseKey}`, {
      headers: demoHeaders.biznoq,
    });
    expect(((await status.json()) as { license: { status: string } }).license.status).toBe("revoked");
    expect(await validate(server, order.licenseKey, serial)).toBe("license_revoked");

    const listed = await api(server, "GET", `/orders/${order.orderId}/refunds`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ refunds: [res.body.refund], disputes: [] });
    expectDocumented(document, "get", "/orders/{orderId}/refunds", listed.body);
  });

  it("Blenddoit's verification refuses a refunded key", async () => {
    const order = await paidSubscription(server, 1, "refunded.example");
    const verify = async () => {
      const res = await fetch(`${server.url}/api/verify-license.php`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          software_id: "1",
          license_key: order.licenseKey,
          domain: "refunded.example",
        }),
      });
      return { status: res.status, body: (await res.json()) as { status: string; data: unknown } };
    };
    expect((await verify()).body.status).toBe("success");
    expect((await refund(order.orderId)).status).toBe(200);
    const refused = await verify();
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ status: "error", data: { status: "inactive" } });
  });
});

describe("partial refunds", () => {
  it("add up: partially refunded, then refunded; a partial one keeps the license by default", async () => {
    const order = await biznoqPurchase(server, "B-70000002");
    const first = await refund(order.orderId, { amount: 100_000 });
    expect(first.body.order).toMatchObject({ status: "partially_refunded", refundedAmount: 100_000 });
    expect(first.body.refund).toMatchObject({ amount: 100_000, licenseAction: "keep" });
    expect(await validate(server, order.licenseKey, { serial: order.serialNo })).toBe("ok");

    const rest = await refund(order.orderId, { amount: order.amount - 100_000 });
    expect(rest.body.order).toMatchObject({ status: "refunded", refundedAmount: order.amount });
    expect(rest.body.refund?.licenseAction).toBe("revoke");
    expect(await validate(server, order.licenseKey, { serial: order.serialNo })).toBe("license_revoked");
    const listed = await api(server, "GET", `/orders/${order.orderId}/refunds`);
    expect((listed.body.refunds as { amount: number }[]).map((r) => r.amount)).toEqual([
      100_000,
      order.amount - 100_000,
    ]);
  });

  it("follow the product's onRefund, unless the body says otherwise", async () => {
    const products = await api(server, "GET", "/products");
    const suite = (products.body as unknown as { id: string; slug: string }[]).find(
      (p) => p.slug === "business-suite",
    );
    if (!suite) throw new Error("no business-suite");
    expect((await api(server, "PATCH", `/products/${suite.id}`, { onRefund: "suspend" })).status).toBe(200);
    try {
      const suspended = await paidSubscription(server, 2, "B-70000003");
      const partial = await refund(suspended.orderId, { amount: 1000 });
      expect(partial.body.refund?.licenseAction).toBe("suspend");
      expect(await validate(server, suspended.licenseKey, { serial: "B-70000003" })).toBe(
        "license_suspended",
      );

      const kept = await paidSubscription(server, 2, "B-70000004");
      const full = await refund(kept.orderId, { licenseAction: "keep" });
      expect(full.body.order?.status).toBe("refunded");
      expect(full.body.refund?.licenseAction).toBe("keep");
      expect(await validate(server, kept.licenseKey, { serial: "B-70000004" })).toBe("ok");
    } finally {
      await api(server, "PATCH", `/products/${suite.id}`, { onRefund: null });
    }
  });
});

describe("refusals", () => {
  it("more than what is left is a 400 in the native envelope, with what is left", async () => {
    const order = await biznoqPurchase(server, "B-70000005");
    const res = await refund(order.orderId, { amount: order.amount + 1 });
    expect(res.status).toBe(400);
    expect(res.body.data?.code).toBe("invalid_input");
    expect(res.body.message).toBe(
      "amount is more than what is left to refund: at most 2999.00 INR (299900 in minor units).",
    );
    expect((await api(server, "GET", `/orders/${order.orderId}`)).body.status).toBe("paid");
  });

  it("an unpaid order is a 409; another vendor's order a 404; no credentials a 401", async () => {
    const unpaid = await biznoqPurchase(server, "B-70000006", { pay: false });
    const res = await refund(unpaid.orderId);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      message: "Only a paid order can be refunded; this one is pending.",
      data: { code: "conflict" },
    });

    const paid = await biznoqPurchase(server, "B-70000007");
    const other = await createOtherVendor(server.testDb.db);
    expect((await refund(paid.orderId, {}, other.headers)).status).toBe(404);
    expect(
      (await api(server, "GET", `/orders/${paid.orderId}/refunds`, undefined, other.headers)).status,
    ).toBe(404);
    expect((await refund(paid.orderId, {}, {})).status).toBe(401);
    expect((await api(server, "GET", `/orders/${paid.orderId}`)).body.status).toBe("paid");
  });
});

describe("Idempotency-Key", () => {
  it("the same key and body refund once and answer the same bytes; another body is refused", async () => {
    const order = await biznoqPurchase(server, "B-70000008");
    const keyed = { ...demoHeaders.bearer, "idempotency-key": "refund-70000008" };
    const first = await refund(order.orderId, { amount: 1000 }, keyed);
    const again = await refund(order.orderId, { amount: 1000 }, keyed);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    const rows = await server.testDb.db
      .select()
      .from(refundRows)
      .where(eq(refundRows.orderId, order.orderId));
    expect(rows).toHaveLength(1);

    const other = await refund(order.orderId, { amount: 2000 }, keyed);
    expect(other.status).toBe(409);
    expect(other.body.data?.code).toBe("idempotency_conflict");
    expect((await api(server, "GET", `/orders/${order.orderId}`)).body.refundedAmount).toBe(1000);
  });
});

describe("the console", () => {
  it("any of the vendor's users refunds through tRPC, as for revoking a license", async () => {
    const member = await addVendorUser(server.testDb.db, {
      vendorId: server.demoVendorId,
      email: "refunds-member@demo.test",
      password: TEST_PASSWORD,
      role: "member",
      production: false,
    });
    const session = await createVendorSession(server.testDb.db, {
      vendorId: server.demoVendorId,
      vendorUserId: member.id,
    });
    const headers = { cookie: `keyway_console=${encodeURIComponent(session.token)}` };
    const order = await biznoqPurchase(server, "B-70000009");
    const refused = await trpc(server.url, "mutation", "order.refund", { orderId: order.orderId }, headers);
    expect(refused.status).toBe(403);

    const done = await trpc<{ refund: { id: string } }>(
      server.url,
      "mutation",
      "order.refund",
      { orderId: order.orderId, amount: 500 },
      { ...headers, "x-csrf-token": session.csrfToken },
    );
    expect(done).toMatchObject({
      ok: true,
      data: { order: { status: "partially_refunded", refundedAmount: 500 } },
    });
    const listed = await trpc<{ refunds: { id: string }[] }>(
      server.url,
      "query",
      "order.refunds",
      {
        orderId: order.orderId,
      },
      headers,
    );
    expect(listed.ok && listed.data.refunds.map((r) => r.id)).toEqual([done.ok && done.data.refund.id]);
    const [row] = await server.testDb.db
      .select()
      .from(refundRows)
      .where(eq(refundRows.orderId, order.orderId));
    expect(row?.actor).toBe(`user:${member.id}`);
  });
});
