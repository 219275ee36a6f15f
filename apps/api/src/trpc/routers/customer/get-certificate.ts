import { myLicenseCertificate } from "@keyway/core";
import { IssuedCertificate, LicenseIdInput } from "@keyway/schema";
import { customerProcedure } from "../../procedures";

export const getCertificate = customerProcedure
  .input(LicenseIdInput)
  .output(IssuedCertificate)
  .mutation(({ ctx, input }) => myLicenseCertificate(ctx.db, ctx.secrets, ctx.customer, input));
