import { reissueLicenseKey } from "@keyway/core";
import { License, ReissueLicenseKeyInput } from "@keyway/schema";
import { customerProcedure } from "../../procedures";

/** The signed-in customer gives one of their own licenses a new key (another's reads as not found). */
export const reissueLicenseKeyProcedure = customerProcedure
  .input(ReissueLicenseKeyInput)
  .output(License)
  .mutation(({ ctx, input }) =>
    reissueLicenseKey(ctx.db, {
      vendorId: ctx.customer.vendorId,
      customerId: ctx.customer.customerId,
      licenseId: input.licenseId,
      reason: input.reason,
      actor: ctx.customer.actor,
      messages: ctx.messages,
    }),
  );
