import { getStorefront } from "@keyway/core";
import { Storefront, VendorSlugInput } from "@keyway/schema";
import { publicProcedure } from "../../procedures";

export const getStorefrontProcedure = publicProcedure
  .input(VendorSlugInput)
  .output(Storefront)
  .query(({ ctx, input }) => getStorefront(ctx.db, input));
