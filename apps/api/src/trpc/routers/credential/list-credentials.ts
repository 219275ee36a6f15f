import { listApiCredentials } from "@keyway/core";
import { ApiCredential } from "@keyway/schema";
import { z } from "zod";
import { vendorOwnerProcedure } from "../../procedures";

export const listCredentialsProcedure = vendorOwnerProcedure
  .input(z.void())
  .output(z.array(ApiCredential))
  .query(({ ctx }) => listApiCredentials(ctx.db, { vendorId: ctx.vendor.vendorId }));
