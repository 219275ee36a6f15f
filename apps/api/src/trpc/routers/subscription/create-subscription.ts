import { CheckoutOrderCreated, CreateSubscriptionInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";
import { openVendorOrder } from "../order/open-vendor-order";

/**
 * A subscription starts as an order for a plan + billing cycle: a pending subscription and
 * license now, the first period once paid. Honours `Idempotency-Key`.
 */
export const createSubscriptionProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/subscriptions",
      tags: ["subscriptions"],
      summary: "Create a subscription (its first order) and get the payment URL",
      errorResponses: {
        400: "Invalid input",
        401: "Missing or invalid API credentials",
        404: "Unknown plan or billing cycle",
        409: "Idempotency-Key reused with another body, or the store cannot take live payments yet (`payments_unavailable`: no real gateway; `testMode: true` still pays through the sandbox)",
      },
    },
  })
  .input(CreateSubscriptionInput)
  .output(CheckoutOrderCreated)
  .mutation(({ ctx, input }) => {
    const { planNumber, billingCycle, binding, ...rest } = input;
    return openVendorOrder(ctx, "subscription.create", input, {
      ...rest,
      item: { kind: "subscription", planNumber, billingCycle, ...(binding ? { binding } : {}) },
    });
  });
