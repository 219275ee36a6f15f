import { CheckoutItem, CheckoutOrderCreated } from "@keyway/schema";
import { z } from "zod";
import { vendorProcedure } from "../../procedures";
import { openVendorOrder } from "./open-vendor-order";

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
  .mutation(({ ctx, input }) => openVendorOrder(ctx, "order.create", input, input));
