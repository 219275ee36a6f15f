import { releaseActivation } from "@keyway/core";
import { ActivationIdInput, License } from "@keyway/schema";
import { customerProcedure } from "../../procedures";

/** Frees one of the customer's seats, e.g. to move the license to a new domain. */
export const releaseActivationProcedure = customerProcedure
  .input(ActivationIdInput)
  .output(License)
  .mutation(({ ctx, input }) =>
    releaseActivation(ctx.db, {
      vendorId: ctx.customer.vendorId,
      customerId: ctx.customer.customerId,
      activationId: input.activationId,
      actor: ctx.customer.actor,
    }),
  );
