import { renameApiCredential } from "@keyway/core";
import { ApiCredential, RenameApiCredentialInput } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

/**
 * Console only (an owner's session, no REST route): an API credential never mints, renames,
 * revokes or lists credentials, so a leaked secret cannot make itself another.
 */
export const renameCredentialProcedure = vendorOwnerProcedure
  .input(RenameApiCredentialInput)
  .output(ApiCredential)
  .mutation(({ ctx, input }) => renameApiCredential(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));
