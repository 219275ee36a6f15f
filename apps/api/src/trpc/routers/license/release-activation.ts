import { releaseActivation } from "@keyway/core";
import { ActivationIdInput, License } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const releaseActivationProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/activations/{activationId}/release",
      tags: ["licenses"],
      errorResponses: {
        401: "Missing or invalid API credentials",
        404: "No such activation for this vendor",
      },
      summary: "Release a seat by id",
    },
  })
  .input(ActivationIdInput)
  .output(License)
  .mutation(({ ctx, input }) =>
    releaseActivation(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      activationId: input.activationId,
      actor: ctx.vendor.actor,
    }),
  );
