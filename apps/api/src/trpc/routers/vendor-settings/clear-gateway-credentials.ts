import { clearGatewayCredentials } from "@keyway/core";
import { ClearGatewayCredentialsInput, VendorSettings } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

/**
 * Forgets a gateway's credentials (the default falls back to the sandbox).
 * Console only (an owner's session, no REST route): a leaked API secret must not change which
 * gateway accounts take the store's payments.
 */
export const clearGatewayCredentialsProcedure = vendorOwnerProcedure
  .input(ClearGatewayCredentialsInput)
  .output(VendorSettings)
  .mutation(({ ctx, input }) =>
    clearGatewayCredentials(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      secrets: ctx.secrets,
      gateway: input.gateway,
    }),
  );
