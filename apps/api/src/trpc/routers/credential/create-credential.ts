import { createApiCredential } from "@keyway/core";
import { CreateApiCredentialInput, IssuedApiCredential } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

/**
 * A new API credential; the answer carries the secret, the only time it is ever shown.
 * Console only (an owner's session, no REST route): an API credential never mints, renames,
 * revokes or lists credentials, so a leaked secret cannot make itself another.
 */
export const createCredentialProcedure = vendorOwnerProcedure
  .input(CreateApiCredentialInput)
  .output(IssuedApiCredential)
  .mutation(({ ctx, input }) =>
    createApiCredential(ctx.db, { vendorId: ctx.vendor.vendorId, name: input.name }),
  );
