import { releaseActivation } from "@keyway/core";
import { z } from "zod";
import { customerProcedure } from "../../procedures";

/** Frees one of the customer's seats, e.g. to move the license to a new domain. */
export const releaseActivationProcedure = customerProcedure
  .input(z.object({ activationId: z.string().min(1).max(64) }))
  .mutation(({ ctx, input }) =>
    releaseActivation(ctx.db, {
      vendorId: ctx.customer.vendorId,
      customerId: ctx.customer.customerId,
      activationId: input.activationId,
      actor: `customer:${ctx.customer.customerId}`,
    }),
  );
