import { type CreatedOrder, type OrderRequest, openOrder } from "@keyway/core";
import { idempotencyKeyOf } from "../../../http/headers";
import type { Context } from "../../context";
import type { VendorCaller } from "../../procedures";

/**
 * What `order.create` and `subscription.create` share: the calling vendor's order, through
 * core's `openOrder` under the request's `Idempotency-Key`.
 */
export async function openVendorOrder(
  ctx: Context & { vendor: VendorCaller },
  scope: string,
  body: unknown,
  request: Omit<OrderRequest, "vendorId" | "actor">,
): Promise<CreatedOrder> {
  const answer = await openOrder(ctx.db, ctx.orders, {
    order: { ...request, vendorId: ctx.vendor.vendorId, actor: ctx.vendor.actor },
    idempotency: { scope, key: idempotencyKeyOf(ctx.headers), body },
  });
  // Parsed from the stored text, first time and replay alike: trpc-to-openapi then writes the
  // same bytes (key order included) every time.
  return JSON.parse(answer.body) as CreatedOrder;
}
