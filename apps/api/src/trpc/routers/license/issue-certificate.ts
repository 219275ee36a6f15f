import { issueCertificate } from "@keyway/core";
import { IssueCertificateInput } from "@keyway/schema";
import { z } from "zod";
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
  .output(z.object({ certificate: z.string() }))
  .mutation(({ ctx, input }) =>
    issueCertificate(ctx.db, ctx.secrets, { ...input, vendorId: ctx.vendor.vendorId }),
  );
