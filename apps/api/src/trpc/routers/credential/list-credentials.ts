import { listApiCredentials } from "@keyway/core";
import { ApiCredentialList, NoInput } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

export const listCredentialsProcedure = vendorOwnerProcedure
  .input(NoInput)
  .output(ApiCredentialList)
  .query(({ ctx }) => listApiCredentials(ctx.db, { vendorId: ctx.vendor.vendorId }));
