import { eq, webhookDeliveries, webhookEndpoints } from "@keyway/db";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { recordEvent } from "../../src/events/record-event";
import { listWebhookDeliveries } from "../../src/webhooks/list-webhook-deliveries";
import { rotateWebhookSecret } from "../../src/webhooks/rotate-webhook-secret";
import { createEndpoint, fakeClock, secrets } from "./helpers";
import { startReceiver } from "./receiver";
import { paymentData, useWorkerTestbed } from "./worker-testbed";

/** One delivery: what is sent, how it is signed, what is refused, and what is logged. */
const bed = useWorkerTestbed();

describe(`a webhook delivery (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("signs with Standard Webhooks: the real body verifies, a modified body does not", async () => {
    const { licenseEvent, receiver, t, vendorId, worker } = bed;
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    const { eventId } = await licenseEvent("lic_sig", 1);
    const w = worker();
    expect(await w.drain()).toBe(1);
    await w.stop();

    expect(receiver.received).toHaveLength(1);
    const hook = receiver.received[0];
    if (!hook) throw new Error("no webhook");
    const verified = new Webhook(endpoint.secret).verify(hook.body, hook.headers);
    expect(verified).toMatchObject({
      id: eventId,
      type: "license.renewed",
      data: { license_id: "lic_sig", seq: 1 },
    });
    expect(Object.keys(JSON.parse(hook.body))).toEqual(["id", "type", "created_at", "data"]);
    const [delivery] = (await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 5 }))
      .items;
    expect(hook.headers["webhook-id"]).toBe(delivery?.id);
    expect(delivery?.status).toBe("succeeded");

    const tampered = hook.body.replace('"seq":1', '"seq":2');
    expect(tampered).not.toBe(hook.body);
    expect(() => new Webhook(endpoint.secret).verify(tampered, hook.headers)).toThrow(
      WebhookVerificationError,
    );
    const otherSecret = `whsec_${Buffer.from("another secret of 24 byt").toString("base64")}`;
    expect(() => new Webhook(otherSecret).verify(hook.body, hook.headers)).toThrow(WebhookVerificationError);
  });

  it("signs with both secrets during a rotation's overlap, and with the new one only after it", async () => {
    const { licenseEvent, receiver, t, vendorId, worker } = bed;
    const clock = fakeClock();
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    const rotated = await rotateWebhookSecret(t.db, {
      vendorId,
      id: endpoint.id,
      overlapHours: 24,
      secrets,
      now: clock.now(),
    });
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.previousSecretExpiresAt).not.toBeNull();
    const w = worker({ now: clock.now });

    await licenseEvent("lic_rot", 1, clock.now());
    await w.drain();
    const during = receiver.received[0];
    if (!during) throw new Error("no webhook");
    expect(during.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(() => new Webhook(endpoint.secret).verify(during.body, during.headers)).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(during.body, during.headers)).not.toThrow();

    clock.advance(25 * 3_600_000);
    await licenseEvent("lic_rot", 2, clock.now());
    await w.drain();
    await w.stop();
    const after = receiver.received[1];
    if (!after) throw new Error("no webhook");
    expect(after.headers["webhook-signature"]?.split(" ")).toHaveLength(1);
    expect(() => new Webhook(rotated.secret).verify(after.body, after.headers)).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(after.body, after.headers)).toThrow(
      WebhookVerificationError,
    );
  });

  it("does not follow redirects, reads at most 4 KB of an answer, and gives up on a silent receiver", async () => {
    const { licenseEvent, receiver, t, vendorId, worker } = bed;
    const elsewhere = await startReceiver();
    const silent = await startReceiver();
    silent.respond = () => {};
    try {
      const clock = fakeClock();
      receiver.respond = (req, res) => {
        const { data } = JSON.parse(req.body) as { data: { seq: number } };
        if (data.seq === 1) res.writeHead(302, { location: elsewhere.url }).end();
        else res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(100_000));
      };
      const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
      await licenseEvent("lic_redirect", 1, clock.now());
      await licenseEvent("lic_big", 2, clock.now());
      const w = worker({ now: clock.now, timeoutMs: 300 });
      await w.drain();
      const { items } = await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 5 });
      const redirected = items.find((d) => d.subjectId === "lic_redirect");
      expect(redirected?.status).toBe("pending");
      expect(redirected?.attemptLog[0]?.statusCode).toBe(302);
      expect(elsewhere.received).toHaveLength(0);
      const big = items.find((d) => d.subjectId === "lic_big");
      expect(big?.status).toBe("succeeded");
      expect(big?.attemptLog[0]?.responseSnippet?.length).toBe(4096);

      await t.db
        .update(webhookEndpoints)
        .set({ url: silent.url })
        .where(eq(webhookEndpoints.id, endpoint.id));
      await licenseEvent("lic_silent", 3, clock.now());
      await w.drain();
      await w.stop();
      expect(silent.received).toHaveLength(1);
      const [timedOut] = (
        await listWebhookDeliveries(t.db, {
          vendorId,
          endpointId: endpoint.id,
          eventType: "license.renewed",
          limit: 1,
        })
      ).items;
      expect(timedOut?.subjectId).toBe("lic_silent");
      expect(timedOut?.status).toBe("pending");
      expect(timedOut?.attemptLog[0]?.error).toMatch(/timed out/);
    } finally {
      await elsewhere.close();
      await silent.close();
    }
  });

  it("biznoq format: a payment.succeeded event arrives as exactly the seed 000 body, signed", async () => {
    const { licenseEvent, receiver, t, vendorId, worker } = bed;
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url, { format: "biznoq" });
    await recordEvent(t.db, {
      vendorId,
      type: "payment.succeeded",
      subjectType: "payment",
      subjectId: "pay_1",
      licenseId: "lic_pay",
      data: { ...paymentData },
    });
    // Not a payment event: a biznoq endpoint is not sent it at all.
    await licenseEvent("lic_pay", 2);
    await recordEvent(t.db, {
      vendorId,
      type: "payment.failed",
      subjectType: "payment",
      subjectId: "pay_2",
      licenseId: "lic_pay",
      data: { ...paymentData, gateway_txn_id: null, reference: "TXN-2" },
    });
    const w = worker();
    expect(await w.drain()).toBe(2);
    await w.stop();
    const [succeeded, failed] = receiver.received;
    if (!succeeded || !failed) throw new Error("missing webhooks");
    const body = new Webhook(endpoint.secret).verify(succeeded.body, succeeded.headers);
    // Seed 000, "Example Webhook JSON Body", field for field.
    expect(body).toStrictEqual({
      status: "success",
      client_txn_id: "TXN-1716942000000-8452",
      txn_id: "UPI298452093845",
      amount: "2999.00",
      customer_mobile: "9460439200",
      udf1: "trading-analyzer",
      udf2: "B-12345678",
      udf3: "GA-X3R9-K9L2-M4P1",
    });
    expect(JSON.parse(failed.body)).toMatchObject({ status: "failure", client_txn_id: "TXN-2", txn_id: "" });
    const deliveries = await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 10 });
    expect(deliveries.items.map((d) => d.eventType).sort()).toEqual(["payment.failed", "payment.succeeded"]);
  });

  it("production policy: a delivery to a loopback address is refused and logged, not sent", async () => {
    const { licenseEvent, receiver, t, vendorId, worker } = bed;
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    await licenseEvent("lic_ssrf", 1);
    const w = worker({ allowPrivateUrls: false });
    expect(await w.drain()).toBe(1);
    await w.stop();
    expect(receiver.received).toHaveLength(0);
    const [delivery] = (await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 1 }))
      .items;
    expect(delivery?.status).toBe("pending");
    expect(delivery?.attemptLog[0]?.error).toMatch(/^refused: .*private, loopback/);
    const rows = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(rows).toHaveLength(1);
  });

  it("an endpoint secret that cannot be opened sends nothing and logs a failed send, not a refusal", async () => {
    const { licenseEvent, receiver, t, vendorId, worker } = bed;
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    await t.db
      .update(webhookEndpoints)
      .set({ secretEncrypted: "not a sealed secret" })
      .where(eq(webhookEndpoints.id, endpoint.id));
    await licenseEvent("lic_unsealed", 1);
    const w = worker();
    expect(await w.drain()).toBe(1);
    await w.stop();
    expect(receiver.received).toHaveLength(0);
    const [delivery] = (await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 1 }))
      .items;
    expect(delivery?.status).toBe("pending");
    expect(delivery?.attemptLog[0]?.error).toBe("could not send the request");
  });
});
