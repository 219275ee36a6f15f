import { createLicenseByHand } from "@keyway/core";
import { CreateLicenseByHandInput, License } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** A license created by hand (no order): a gift, a replacement, a migration from another system. */
export const createLicenseProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses",
      tags: ["licenses"],
      summary: "Create a license by hand",
      description:
        "Active at once, without an order. `customerEmail` finds the customer or creates one; `expiresAt` null makes it perpetual, omitted takes the product's own term; `binding` binds the first seat now.",
      errorResponses: {
        400: "Invalid input, a binding the product's kind refuses, or a plan of another product",
        401: "Missing or invalid API credentials",
        404: "No such product or plan for this vendor",
      },
    },
  })
  .input(CreateLicenseByHandInput)
  .output(License)
  .mutation(({ ctx, input }) =>
    createLicenseByHand(ctx.db, { ...input, vendorId: ctx.vendor.vendorId, actor: ctx.vendor.actor }),
  );
