import { createLicenseByHand } from "@keyway/core";
import { CreateLicenseByHandInput, License } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** A license created by hand in the console (no order). */
export const createLicenseProcedure = vendorProcedure
  .input(CreateLicenseByHandInput)
  .output(License)
  .mutation(({ ctx, input }) =>
    createLicenseByHand(ctx.db, { ...input, vendorId: ctx.vendor.vendorId, actor: ctx.vendor.actor }),
  );
