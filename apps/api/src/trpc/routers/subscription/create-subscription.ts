import { createOrder, withIdempotency } from "@keyway/core";
import { BillingCycle, CheckoutOrderCreated } from "@keyway/schema";
import { z } from "zod";
import { vendorProcedure } from "../../procedures";

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
  .mutation(async ({ ctx, input }) => {
    const header = ctx.headers["idempotency-key"];
    const { planNumber, billingCycle, binding, ...rest } = input;
    const answer = await withIdempotency(
      ctx.db,
      {
        vendorId: ctx.vendor.vendorId,
        scope: "subscription.create",
        key: Array.isArray(header) ? header[0] : header,
        body: input,
      },
      async () => ({
        statusCode: 200,
        body: await createOrder(ctx.db, {
          vendorId: ctx.vendor.vendorId,
          ...rest,
          item: { kind: "subscription", planNumber, billingCycle, ...(binding ? { binding } : {}) },
          gateways: ctx.gateways,
          publicUrl: ctx.config.publicUrl,
          ttlMinutes: ctx.config.ORDER_TTL_MINUTES,
          actor: ctx.vendor.actor,
        }),
      }),
    );
    return answer.body;
  });
