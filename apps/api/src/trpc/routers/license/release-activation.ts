import { releaseActivation } from "@keyway/core";
import { License } from "@keyway/schema";
import { z } from "zod";
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
  .input(z.object({ activationId: z.string().min(1).max(64) }))
  .output(License)
  .mutation(({ ctx, input }) =>
    releaseActivation(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      activationId: input.activationId,
      actor: ctx.vendor.actor,
    }),
  );
