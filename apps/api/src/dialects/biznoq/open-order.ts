import { type CreatedOrder, openOrder } from "@keyway/core";
import type { CheckoutItem } from "@keyway/schema";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppDeps } from "../../deps";
import { idempotencyKeyOf } from "../../http/headers";
import { biznoqVendorOf } from "./plugin";

/**
 * What purchase and subscribe share: the calling vendor's order through core's `openOrder`,
 * answered with the route's own success body.
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
  const answer = await openOrder(deps.db, deps.orders, {
    order: {
      vendorId: vendor.vendorId,
      item: params.item,
      customer: { phone: params.buyerPhone },
      actor: vendor.actor,
    },
    idempotency: { scope: params.scope, key: idempotencyKeyOf(request), body: params.body },
    answer: (order) => ({ success: true, ...params.answer(order) }),
  });
  // The stored text itself: a replay is the first answer byte for byte.
  return reply.code(answer.statusCode).type(answer.contentType).send(answer.body);
}
