import { eq, webhookDeliveries, webhookEndpoints } from "@keyway/db";
import { seedDemo } from "@keyway/db/seed";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { recordEvent } from "../../src/events/record-event";
import { DomainError } from "../../src/shared/errors";
import { claimDueDeliveries } from "../../src/webhooks/claim-due-deliveries";
import { createWebhookEndpoint } from "../../src/webhooks/create-webhook-endpoint";
import { deleteWebhookEndpoint } from "../../src/webhooks/delete-webhook-endpoint";
import { getWebhookDelivery, listWebhookDeliveries } from "../../src/webhooks/list-webhook-deliveries";
import { getWebhookEndpoint, listWebhookEndpoints } from "../../src/webhooks/list-webhook-endpoints";
import { replayWebhookDelivery } from "../../src/webhooks/replay-webhook-delivery";
import { sendTestWebhook } from "../../src/webhooks/send-test-webhook";
import { updateWebhookEndpoint } from "../../src/webhooks/update-webhook-endpoint";
import { createWebhookWorker } from "../../src/webhooks/worker";
import { createEndpoint, devPolicy, removeEndpoints, secrets } from "./helpers";
import { type Receiver, startReceiver } from "./receiver";

let t: TestDb;
let vendorId: string;
let receiver: Receiver;

beforeAll(async () => {
  t = await createTestDb();
  vendorId = (await seedDemo(t.db)).vendorId;
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});
afterEach(async () => {
  await removeEndpoints(t.db, vendorId);
  receiver.received.length = 0;
});

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
}

const renewal = (licenseId: string) =>
  recordEvent(t.db, {
    vendorId,
    type: "license.renewed",
    subjectType: "license",
    subjectId: licenseId,
    licenseId,
    data: { license_id: licenseId },
  });

describe("webhook endpoints", () => {
  it("shows the whsec_ secret once and keeps it only encrypted", async () => {
    const created = await createEndpoint(t.db, vendorId, receiver.url, { events: ["license.renewed"] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(created).toMatchObject({ url: receiver.url, format: "native", status: "active", flaggedAt: null });
    const [row] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.id));
    expect(row?.secretEncrypted).not.toContain(created.secret.slice(6));
    expect(secrets.open(row?.secretEncrypted ?? "")).toBe(created.secret);
    const listed = await listWebhookEndpoints(t.db, { vendorId });
    expect(listed.items.map((e) => e.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(JSON.stringify(await getWebhookEndpoint(t.db, { vendorId, id: created.id }))).not.toContain(
      created.secret,
    );
  });

  it("refuses unknown events, non-payment events for biznoq, and private URLs under the production policy", async () => {
    const base = { vendorId, url: receiver.url, secrets, urlPolicy: devPolicy };
    expect(
      await codeOf(createWebhookEndpoint(t.db, { ...base, format: "native", events: ["license.exploded"] })),
    ).toBe("invalid_input");
    expect(
      await codeOf(createWebhookEndpoint(t.db, { ...base, format: "biznoq", events: ["license.activated"] })),
    ).toBe("invalid_input");
    expect(
      await codeOf(
        createWebhookEndpoint(t.db, {
          ...base,
          format: "native",
          events: [],
          urlPolicy: { allowPrivate: false },
        }),
      ),
    ).toBe("invalid_input");
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    expect(
      await codeOf(
        updateWebhookEndpoint(t.db, {
          vendorId,
          id: endpoint.id,
          url: "http://169.254.169.254/latest/meta-data/",
          secrets,
          urlPolicy: { allowPrivate: false },
        }),
      ),
    ).toBe("invalid_input");
    expect(
      await codeOf(
        updateWebhookEndpoint(t.db, {
          vendorId,
          id: endpoint.id,
          format: "biznoq",
          secrets,
          urlPolicy: devPolicy,
        }),
      ),
    ).toBeNull();
  });

  it("queues an event only for endpoints subscribed to it", async () => {
    const all = await createEndpoint(t.db, vendorId, receiver.url);
    const renewals = await createEndpoint(t.db, vendorId, receiver.url, { events: ["license.renewed"] });
    const payments = await createEndpoint(t.db, vendorId, receiver.url, { events: ["payment.succeeded"] });
    const biznoq = await createEndpoint(t.db, vendorId, receiver.url, { format: "biznoq" });
    await renewal("lic_sub");
    const rows = await t.db.select().from(webhookDeliveries);
    const got = new Set(rows.map((r) => r.endpointId));
    expect(got.has(all.id)).toBe(true);
    expect(got.has(renewals.id)).toBe(true);
    expect(got.has(payments.id)).toBe(false);
    expect(got.has(biznoq.id)).toBe(false);
  });

  it("disabling stops deliveries (pending ones end failed), and another vendor cannot see or touch it", async () => {
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    await renewal("lic_dis");
    const disabled = await updateWebhookEndpoint(t.db, {
      vendorId,
      id: endpoint.id,
      disabled: true,
      secrets,
      urlPolicy: devPolicy,
    });
    expect(disabled.status).toBe("disabled");
    const [pending] = (await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 5 }))
      .items;
    expect(pending).toMatchObject({ status: "failed", lastError: "endpoint disabled" });
    await renewal("lic_dis");
    expect(
      (await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 5 })).items,
    ).toHaveLength(1);
    expect(await codeOf(sendTestWebhook(t.db, { vendorId, endpointId: endpoint.id }))).toBe("conflict");
    expect(await codeOf(replayWebhookDelivery(t.db, { vendorId, id: pending?.id ?? "" }))).toBe("conflict");

    const other = "ven_someoneelse00000000";
    expect(await codeOf(getWebhookEndpoint(t.db, { vendorId: other, id: endpoint.id }))).toBe("not_found");
    expect(await codeOf(deleteWebhookEndpoint(t.db, { vendorId: other, id: endpoint.id }))).toBe("not_found");
    expect(await codeOf(getWebhookDelivery(t.db, { vendorId: other, id: pending?.id ?? "" }))).toBe(
      "not_found",
    );
    expect((await listWebhookDeliveries(t.db, { vendorId: other, limit: 5 })).items).toHaveLength(0);
  });

  it("delete is soft: gone from lists and receives nothing, but its deliveries stay listed", async () => {
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    await renewal("lic_del");
    await deleteWebhookEndpoint(t.db, { vendorId, id: endpoint.id });
    expect((await listWebhookEndpoints(t.db, { vendorId })).items).toHaveLength(0);
    expect(await codeOf(getWebhookEndpoint(t.db, { vendorId, id: endpoint.id }))).toBe("not_found");
    await renewal("lic_del");
    const deliveries = await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 5 });
    expect(deliveries.items).toHaveLength(1);
    expect(deliveries.items[0]).toMatchObject({ status: "failed", lastError: "endpoint deleted" });
  });

  it("sends a test event that a worker delivers; a delivery being sent cannot be replayed", async () => {
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    const { deliveryId } = await sendTestWebhook(t.db, { vendorId, endpointId: endpoint.id });
    const [claimed] = await claimDueDeliveries(t.db, { now: new Date(), limit: 1, leaseMs: 60_000 });
    expect(claimed?.id).toBe(deliveryId);
    expect(await codeOf(replayWebhookDelivery(t.db, { vendorId, id: deliveryId }))).toBe("conflict");
    await t.db
      .update(webhookDeliveries)
      .set({ lockedUntil: null })
      .where(eq(webhookDeliveries.id, deliveryId));
    const worker = createWebhookWorker({ db: t.db, secrets, allowPrivateUrls: true });
    expect(await worker.drain()).toBe(1);
    await worker.stop();
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]?.body ?? "{}")).toMatchObject({
      type: "webhook.test",
      data: { test_mode: true },
    });
    const delivery = await getWebhookDelivery(t.db, { vendorId, id: deliveryId });
    expect(delivery.status).toBe("succeeded");
    expect(delivery.attemptLog[0]).toMatchObject({ statusCode: 200, responseSnippet: "ok" });
  });

  it("pages deliveries newest first with a cursor", async () => {
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    for (let i = 0; i < 5; i++) await renewal(`lic_page_${i}`);
    const first = await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 3 });
    expect(first.items.map((d) => d.subjectId)).toEqual(["lic_page_4", "lic_page_3", "lic_page_2"]);
    expect(first.nextCursor).not.toBeNull();
    const second = await listWebhookDeliveries(t.db, {
      vendorId,
      endpointId: endpoint.id,
      limit: 3,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((d) => d.subjectId)).toEqual(["lic_page_1", "lic_page_0"]);
    expect(second.nextCursor).toBeNull();
    expect(await codeOf(listWebhookDeliveries(t.db, { vendorId, limit: 3, cursor: "abc" }))).toBe(
      "invalid_input",
    );
  });
});
