import { updateLicense } from "@keyway/core";
import { License, UpdateLicenseInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const updateLicenseProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/licenses/{licenseId}",
      tags: ["licenses"],
      errorResponses: {
        400: "Malformed body (`expiresAt` not an ISO date-time with offset)",
        401: "Missing or invalid API credentials",
        403: "Revoked",
        404: "No such license for this vendor",
      },
      summary: "Update a license",
      description:
        "Changes the fields given. `expiresAt` (past or future; null = perpetual) is set as `POST /licenses/{licenseId}/extend` sets it: it does not lift a suspension or a revocation, and a term waiting for its first activation stops waiting. A past `expiresAt` makes validation answer by the product's expiry policy (refused, in grace, or valid with `expired: true`).",
    },
  })
  .input(UpdateLicenseInput)
  .output(License)
  .mutation(({ ctx, input }) =>
    updateLicense(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      licenseId: input.licenseId,
      // Absent stays absent (unchanged), null stays null (perpetual).
      expiresAt: input.expiresAt == null ? input.expiresAt : new Date(input.expiresAt),
      reason: input.reason,
      actor: ctx.vendor.actor,
    }),
  );
