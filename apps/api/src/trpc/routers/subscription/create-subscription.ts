import { BillingCycle, CheckoutOrderCreated } from "@keyway/schema";
import { z } from "zod";
import { vendorProcedure } from "../../procedures";
import { openVendorOrder } from "../order/open-vendor-order";

const CreateSubscriptionInput = z.object({
  planNumber: z.number().int().positive(),
  billingCycle: BillingCycle,
  /** Serial number or domain the license binds to, when the product needs one. */
  binding: z.string().trim().min(1).max(256).optional(),
  customer: z
    .object({ phone: z.string().max(32).optional(), email: z.email().max(254).optional() })
    .default({}),
  gateway: z.enum(["sandbox", "upigateway", "paypal"]).optional(),
  testMode: z.boolean().optional(),
  returnUrl: z.url().max(2048).optional(),
  cancelUrl: z.url().max(2048).optional(),
});

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
        409: "Idempotency-Key reused with another body",
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
