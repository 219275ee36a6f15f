import { getStorefront } from "@keyway/core";
import { z } from "zod";
import { publicProcedure } from "../../procedures";

export const getStorefrontProcedure = publicProcedure
  .input(z.object({ vendorSlug: z.string().min(1).max(63) }))
  .query(({ ctx, input }) => getStorefront(ctx.db, input));
