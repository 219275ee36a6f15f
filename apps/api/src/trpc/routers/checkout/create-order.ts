import { createOrder, findVendorBySlug } from "@keyway/core";
import { CheckoutOrderCreated, CreateCheckoutOrderInput } from "@keyway/schema";
import { publicProcedure } from "../../procedures";

/** The portal's buy button: any visitor may open an order; paying it is what counts. */
export const createCheckoutOrder = publicProcedure
  .input(CreateCheckoutOrderInput)
  .output(CheckoutOrderCreated)
  .mutation(async ({ ctx, input }) => {
    const vendor = await findVendorBySlug(ctx.db, input.vendorSlug);
    return createOrder(ctx.db, {
      vendorId: vendor.id,
      item: input.item,
      customer: input.customer,
      gateways: ctx.gateways,
      sandbox: ctx.sandbox,
      returnUrl: input.returnUrl,
      cancelUrl: input.cancelUrl,
      publicUrl: ctx.config.publicUrl,
      ttlMinutes: ctx.config.ORDER_TTL_MINUTES,
      actor: "portal",
    });
  });
