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
        400: "Malformed body: a field not listed here (named in the message), `expiresAt` not an ISO date-time with offset, `metadata` over 8 KB or not an object, `name` over 200 characters, or `planId` not a plan of the license's product (or archived)",
        401: "Missing or invalid API credentials",
        403: "Revoked (a revoked license's expiry or seats cannot change)",
        404: "No such license for this vendor",
        409: "`maxSeats` below the seats in use without `releaseExtra: true`",
      },
      summary: "Change a license",
      description:
        "Changes the fields given, together, and sends one `license.updated` event with each change's `from` and `to`. `maxSeats` never goes below the seats in use unless `releaseExtra: true`, which releases the least recently seen seats first (each sent as a released seat). `planId` must be a plan of the license's product, not archived. `metadata` is the vendor's own JSON object (at most 8 KB), returned by validation as `license.metadata`; `name` is the vendor's own label (null clears either). `expiresAt` (past or future; null = perpetual) is set as `POST /licenses/{licenseId}/extend` sets it: it does not lift a suspension or a revocation, and a term waiting for its first activation stops waiting. A past `expiresAt` makes validation answer by the product's expiry policy (refused, in grace, or valid with `expired: true`). Any other field is refused.",
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
      maxSeats: input.maxSeats,
      releaseExtra: input.releaseExtra,
      planId: input.planId,
      metadata: input.metadata,
      name: input.name,
      reason: input.reason,
      actor: ctx.vendor.actor,
    }),
  );
