import { revokeApiCredential } from "@keyway/core";
import { ApiCredential, CredentialIdInput } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

/**
 * Console only (an owner's session, no REST route): an API credential never mints, renames,
 * revokes or lists credentials, so a leaked secret cannot make itself another.
 */
export const revokeCredentialProcedure = vendorOwnerProcedure
  .input(CredentialIdInput)
  .output(ApiCredential)
  .mutation(({ ctx, input }) => revokeApiCredential(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));
