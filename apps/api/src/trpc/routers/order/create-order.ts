import { createOrder, withIdempotency } from "@keyway/core";
import { CheckoutItem, CheckoutOrderCreated } from "@keyway/schema";
import { z } from "zod";
import { vendorProcedure } from "../../procedures";

export const CreateOrderInput = z.object({
  item: CheckoutItem,
  customer: z
    .object({
      phone: z.string().max(32).optional(),
      email: z.email().max(254).optional(),
      name: z.string().max(200).optional(),
    })
    .default({}),
  gateway: z.enum(["sandbox", "upigateway", "paypal"]).optional(),
  testMode: z.boolean().optional(),
  returnUrl: z.url().max(2048).optional(),
  cancelUrl: z.url().max(2048).optional(),
});

/** A vendor's back end opens an order for its customer; honours `Idempotency-Key`. */
export const createOrderProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/orders",
      tags: ["orders"],
      summary: "Create an order and get its payment URL",
      description:
        "Send an `Idempotency-Key` header to make retries safe: the same key and body replay the first answer for 24 h.",
      errorResponses: {
        400: "Invalid input",
        401: "Missing or invalid API credentials",
        404: "Unknown product or plan",
        409: "Idempotency-Key reused with another body",
      },
    },
  })
  .input(CreateOrderInput)
  .output(CheckoutOrderCreated)
  .mutation(async ({ ctx, input }) => {
    const header = ctx.headers["idempotency-key"];
    const answer = await withIdempotency(
      ctx.db,
      {
        vendorId: ctx.vendor.vendorId,
        scope: "order.create",
        key: Array.isArray(header) ? header[0] : header,
        body: input,
      },
      async () => ({
        statusCode: 200,
        body: await createOrder(ctx.db, {
          vendorId: ctx.vendor.vendorId,
          ...input,
          gateways: ctx.gateways,
          publicUrl: ctx.config.publicUrl,
          ttlMinutes: ctx.config.ORDER_TTL_MINUTES,
          actor: ctx.vendor.actor,
        }),
      }),
    );
    return answer.body;
  });
