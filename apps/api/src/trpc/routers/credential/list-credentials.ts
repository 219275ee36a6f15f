import { listApiCredentials } from "@keyway/core";
import { ApiCredentialList, NoInput } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

/**
 * Console only (an owner's session, no REST route): an API credential never mints, renames,
 * revokes or lists credentials, so a leaked secret cannot make itself another.
 */
export const listCredentialsProcedure = vendorOwnerProcedure
  .input(NoInput)
  .output(ApiCredentialList)
  .query(({ ctx }) => listApiCredentials(ctx.db, { vendorId: ctx.vendor.vendorId }));
