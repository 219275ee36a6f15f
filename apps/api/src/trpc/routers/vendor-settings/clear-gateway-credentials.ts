import { clearGatewayCredentials } from "@keyway/core";
import { ClearGatewayCredentialsInput, VendorSettings } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

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
