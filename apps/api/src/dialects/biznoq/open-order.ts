import { type CreatedOrder, createOrder, withIdempotency } from "@keyway/core";
import type { CheckoutItem } from "@keyway/schema";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppDeps } from "../../deps";
import { biznoqVendorOf } from "./plugin";

/**
 * What purchase and subscribe share: open the order for the calling vendor under its
 * `Idempotency-Key`, and answer with the route's own success body.
 */
export async function openBiznoqOrder(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  params: {
    scope: string;
    body: unknown;
    item: CheckoutItem;
    buyerPhone: string;
    answer: (order: CreatedOrder) => Record<string, unknown>;
  },
) {
  const vendor = biznoqVendorOf(request);
  const header = request.headers["idempotency-key"];
  const key = (Array.isArray(header) ? header[0] : header)?.trim() || undefined;
  const answer = await withIdempotency(
    deps.db,
    { vendorId: vendor.vendorId, scope: params.scope, key, body: params.body },
    async () => {
      const order = await createOrder(deps.db, {
        vendorId: vendor.vendorId,
        item: params.item,
        customer: { phone: params.buyerPhone },
        gateways: deps.gateways,
        sandbox: deps.sandbox,
        publicUrl: deps.config.publicUrl,
        ttlMinutes: deps.config.ORDER_TTL_MINUTES,
        actor: `api:${vendor.credentialId}`,
      });
      return { statusCode: 200, body: { success: true, ...params.answer(order) } };
    },
  );
  // The stored text itself: a replay is the first answer byte for byte.
  return reply.code(answer.statusCode).type(answer.contentType).send(answer.body);
}
