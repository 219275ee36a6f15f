import { issueCertificate } from "@keyway/core";
import { IssueCertificateInput, IssuedCertificate } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const issueCertificateProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/{licenseId}/certificate",
      tags: ["licenses"],
      errorResponses: {
        401: "Missing or invalid API credentials",
        404: "No such license or activation for this vendor",
      },
      summary: "Issue a signed license certificate",
    },
  })
  .input(IssueCertificateInput)
  .output(IssuedCertificate)
  .mutation(({ ctx, input }) =>
    issueCertificate(ctx.db, ctx.secrets, { ...input, vendorId: ctx.vendor.vendorId }),
  );
