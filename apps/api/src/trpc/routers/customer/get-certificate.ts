import { myLicenseCertificate } from "@keyway/core";
import { LicenseIdInput } from "@keyway/schema";
import { customerProcedure } from "../../procedures";

export const getCertificate = customerProcedure
  .input(LicenseIdInput)
  .mutation(({ ctx, input }) => myLicenseCertificate(ctx.db, ctx.secrets, ctx.customer, input));
