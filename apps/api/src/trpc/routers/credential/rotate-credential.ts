import { rotateApiCredential } from "@keyway/core";
import { CredentialIdInput, IssuedApiCredential } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

/**
 * Revokes the credential and issues its replacement (new key and secret, shown once).
 * Console only (an owner's session, no REST route): an API credential never mints, renames,
 * revokes or lists credentials, so a leaked secret cannot make itself another.
 */
export const rotateCredentialProcedure = vendorOwnerProcedure
  .input(CredentialIdInput)
  .output(IssuedApiCredential)
  .mutation(({ ctx, input }) => rotateApiCredential(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));
