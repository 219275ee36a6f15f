import { listLicenseSeats } from "@keyway/core";
import { LicenseSeatList, ListLicenseSeatsInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listLicenseSeatsProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/licenses/{licenseId}/seats",
      tags: ["licenses"],
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such license for this vendor" },
      summary: "List a license's seats",
      description:
        "Live seats (oldest first) with their last heartbeat and, for floating products, the time they die without one; then the 50 most recent dead (missed their heartbeat window) and released seats.",
    },
  })
  .input(ListLicenseSeatsInput)
  .output(LicenseSeatList)
  .query(({ ctx, input }) =>
    listLicenseSeats(ctx.db, { vendorId: ctx.vendor.vendorId, licenseId: input.licenseId }),
  );
