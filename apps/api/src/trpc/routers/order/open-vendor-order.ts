import type { CreateOrderParams } from "@keyway/core";
import { type CreatedOrder, createOrder, withIdempotency } from "@keyway/core";
import type { Context } from "../../context";
import type { VendorCaller } from "../../procedures";

type OrderRequest = Pick<
  CreateOrderParams,
  "item" | "customer" | "gateway" | "testMode" | "returnUrl" | "cancelUrl"
>;

/**
 * What `order.create` and `subscription.create` share: open the order for the calling vendor
 * under its `Idempotency-Key` (the same key and body replay the first answer).
 */
export async function openVendorOrder(
  ctx: Context & { vendor: VendorCaller },
  scope: string,
  body: unknown,
  request: OrderRequest,
): Promise<CreatedOrder> {
  const header = ctx.headers["idempotency-key"];
  const answer = await withIdempotency(
    ctx.db,
    { vendorId: ctx.vendor.vendorId, scope, key: Array.isArray(header) ? header[0] : header, body },
    async () => ({
      statusCode: 200,
      body: await createOrder(ctx.db, {
        vendorId: ctx.vendor.vendorId,
        ...request,
        gateways: ctx.gateways,
        sandbox: ctx.sandbox,
        publicUrl: ctx.config.publicUrl,
        ttlMinutes: ctx.config.ORDER_TTL_MINUTES,
        actor: ctx.vendor.actor,
      }),
    }),
  );
  // Parsed from the stored text, first time and replay alike: trpc-to-openapi then writes the
  // same bytes (key order included) every time.
  return JSON.parse(answer.body) as CreatedOrder;
}
