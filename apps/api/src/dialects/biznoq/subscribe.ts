import { createOrder, withIdempotency } from "@keyway/core";
import { BiznoqSubscribeBody } from "@keyway/schema";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../deps";
import { biznoqError, firstIssue } from "./envelope";
import { biznoqVendorOf } from "./plugin";
import { idempotencyKey } from "./purchase";

/** `POST /api/plans/subscribe` (seed 000, "Create Subscription Order"). */
export function subscribeRoute(app: FastifyInstance, deps: AppDeps) {
  app.post("/api/plans/subscribe", async (request, reply) => {
    const vendor = biznoqVendorOf(request);
    const parsed = BiznoqSubscribeBody.safeParse(request.body ?? {});
    if (!parsed.success) return biznoqError(reply, 400, firstIssue(parsed.error, request.body));
    const body = parsed.data;
    const answer = await withIdempotency(
      deps.db,
      { vendorId: vendor.vendorId, scope: "biznoq.subscribe", key: idempotencyKey(request.headers), body },
      async () => {
        const order = await createOrder(deps.db, {
          vendorId: vendor.vendorId,
          item: {
            kind: "subscription",
            planNumber: body.planId,
            billingCycle: body.billingCycle,
            binding: body.serialNo,
          },
          customer: { phone: body.buyerPhone },
          gateways: deps.gateways,
          publicUrl: deps.config.publicUrl,
          ttlMinutes: deps.config.ORDER_TTL_MINUTES,
          actor: `api:${vendor.credentialId}`,
        });
        return {
          statusCode: 200,
          body: { success: true, paymentUrl: order.paymentUrl, subscriptionId: order.subscriptionId },
        };
      },
    );
    return reply.code(answer.statusCode).send(answer.body);
  });
}
