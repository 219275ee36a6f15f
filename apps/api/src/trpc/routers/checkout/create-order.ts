import { type CreatedOrder, findVendorBySlug, openOrder } from "@keyway/core";
import { AuditActor, CheckoutOrderCreated, CreateCheckoutOrderInput } from "@keyway/schema";
import { publicProcedure } from "../../procedures";

/** The portal's buy button: any visitor may open an order; paying it is what counts. */
export const createCheckoutOrder = publicProcedure
  .input(CreateCheckoutOrderInput)
  .output(CheckoutOrderCreated)
  .mutation(async ({ ctx, input }) => {
    const vendor = await findVendorBySlug(ctx.db, input.vendorSlug);
    // No Idempotency-Key here: the portal has no vendor credential to scope one to.
    const answer = await openOrder(ctx.db, ctx.orders, {
      order: {
        vendorId: vendor.id,
        item: input.item,
        customer: input.customer,
        returnUrl: input.returnUrl,
        cancelUrl: input.cancelUrl,
        actor: AuditActor.portal,
      },
    });
    return JSON.parse(answer.body) as CreatedOrder;
  });
