import { issueCertificate } from "@keyway/core";
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
  .input(z.object({ licenseId: z.string().min(1).max(64), activationId: z.string().max(64).optional() }))
  .output(z.object({ certificate: z.string() }))
  .mutation(({ ctx, input }) =>
    issueCertificate(ctx.db, ctx.secrets, { ...input, vendorId: ctx.vendor.vendorId }),
  );
