import { type Executor, events, newId, webhookDeliveries } from "@keyway/db";
import { DomainError } from "../shared/errors";
import type { NativeWebhookPayload, PaymentEventData } from "./render-body";
import { wakeWebhookWorkers } from "./wake";
import { loadWebhookEndpoint } from "./webhook-endpoint-view";

/**
 * Sample data of the test event: shaped like `payment.succeeded` (seed 000's example values),
 * so a `biznoq` endpoint gets a body its handler can parse too. `test_mode` is true.
 */
export const TEST_EVENT_DATA: PaymentEventData = {
  order_id: "ord_test",
  reference: "TXN-1716942000000-8452",
  gateway: "sandbox",
  gateway_txn_id: "UPI298452093845",
  amount: 299900,
  amount_decimal: "2999.00",
  currency: "INR",
  customer: { id: null, phone: "9460439200", email: null },
  product: { id: "prd_test", number: 1, slug: "trading-analyzer", name: "Test product", kind: "addon" },
  binding_value: "B-12345678",
  license_keys: ["GA-X3R9-K9L2-M4P1"],
  license_id: null,
  subscription_id: null,
  test_mode: true,
};

/** Queues a `webhook.test` event for one endpoint; follow the returned delivery for the outcome. */
export async function sendTestWebhook(
  db: Executor,
  params: { vendorId: string; endpointId: string; actor?: string; now?: Date },
): Promise<{ deliveryId: string }> {
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const endpoint = await loadWebhookEndpoint(tx, params.vendorId, params.endpointId);
    if (endpoint.disabledAt) throw new DomainError("conflict", "The endpoint is disabled.");
    const eventId = newId("evt");
    const data = { ...TEST_EVENT_DATA } as unknown as Record<string, unknown>;
    await tx.insert(events).values({
      id: eventId,
      vendorId: params.vendorId,
      type: "webhook.test",
      subjectType: "endpoint",
      subjectId: endpoint.id,
      actor: params.actor ?? "system",
      data,
      createdAt: now,
    });
    const payload: NativeWebhookPayload = {
      id: eventId,
      type: "webhook.test",
      created_at: now.toISOString(),
      data,
    };
    const deliveryId = newId("msg");
    await tx.insert(webhookDeliveries).values({
      id: deliveryId,
      vendorId: params.vendorId,
      endpointId: endpoint.id,
      eventId,
      eventType: "webhook.test",
      subjectId: null,
      payload: { ...payload },
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await wakeWebhookWorkers(tx);
    return { deliveryId };
  });
}
