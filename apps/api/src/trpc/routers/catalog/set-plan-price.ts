import { setPlanPrice } from "@keyway/core";
import { Plan, SetPlanPriceInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** Creates or changes one billing cycle's price; `active: false` takes the cycle off sale. */
export const setPlanPriceProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/plans/{planId}/prices",
      tags: ["catalog"],
      summary: "Set the price of one billing cycle",
      description:
        "Creates or changes the cycle's price for new orders; `active: false` takes the cycle off sale.",
      errorResponses: {
        400: "Invalid input",
        401: "Missing or invalid API credentials",
        404: "No such plan for this vendor",
      },
    },
  })
  .input(SetPlanPriceInput)
  .output(Plan)
  .mutation(({ ctx, input }) => setPlanPrice(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));
