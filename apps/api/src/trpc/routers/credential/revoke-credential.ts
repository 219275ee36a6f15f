import { revokeApiCredential } from "@keyway/core";
import { ApiCredential, CredentialIdInput } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

export const revokeCredentialProcedure = vendorOwnerProcedure
  .input(CredentialIdInput)
  .output(ApiCredential)
  .mutation(({ ctx, input }) => revokeApiCredential(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));
