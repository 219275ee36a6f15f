import { renameApiCredential } from "@keyway/core";
import { ApiCredential, RenameApiCredentialInput } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

export const renameCredentialProcedure = vendorOwnerProcedure
  .input(RenameApiCredentialInput)
  .output(ApiCredential)
  .mutation(({ ctx, input }) => renameApiCredential(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));
