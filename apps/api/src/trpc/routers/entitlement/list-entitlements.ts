import { listEntitlements } from "@keyway/core";
import { EntitlementPage, ListEntitlementsInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listEntitlementsProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/entitlements",
      tags: ["entitlements"],
      summary: "List entitlements",
      description:
        "The vendor's feature codes, newest first, each with the products and plans it is attached to. Pass `nextCursor` back as `cursor` for the next page.",
      errorResponses: { 400: "Invalid cursor or limit", 401: "Missing or invalid API credentials" },
    },
  })
  .input(ListEntitlementsInput)
  .output(EntitlementPage)
  .query(({ ctx, input }) => listEntitlements(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));
