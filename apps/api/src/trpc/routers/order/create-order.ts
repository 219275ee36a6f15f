import { CheckoutOrderCreated, CreateOrderInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";
import { openVendorOrder } from "./open-vendor-order";

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
        403: "The license to renew is pending, suspended or revoked",
        404: "Unknown product, plan or license",
        409: "Idempotency-Key reused with another body, the license to renew takes no renewal (it never expires, or a subscription renews it), or the store cannot take live payments yet (`payments_unavailable`: no real gateway; `testMode: true` still pays through the sandbox)",
      },
    },
  })
  .input(CreateOrderInput)
  .output(CheckoutOrderCreated)
  .mutation(({ ctx, input }) => openVendorOrder(ctx, "order.create", input, input));
