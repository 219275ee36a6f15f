import { setGatewayCredentials } from "@keyway/core";
import { GatewayCredentialsInput, VendorSettings } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

/**
 * Stores a gateway's credentials encrypted at rest; they are never returned.
 * Console only (an owner's session, no REST route): a leaked API secret must not change which
 * gateway accounts take the store's payments.
 */
export const setGatewayCredentialsProcedure = vendorOwnerProcedure
  .input(GatewayCredentialsInput)
  .output(VendorSettings)
  .mutation(({ ctx, input }) =>
    setGatewayCredentials(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      secrets: ctx.secrets,
      credentials: input,
    }),
  );
