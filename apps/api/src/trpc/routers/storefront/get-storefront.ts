import { getStorefront } from "@keyway/core";
import { VendorSlugInput } from "@keyway/schema";
import { publicProcedure } from "../../procedures";

export const getStorefrontProcedure = publicProcedure
  .input(VendorSlugInput)
  .query(({ ctx, input }) => getStorefront(ctx.db, input));
