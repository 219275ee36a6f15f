import { listStorefrontVendors } from "@keyway/core";
import { StorefrontVendorList } from "@keyway/schema";
import { publicProcedure } from "../../procedures";

export const listVendors = publicProcedure
  .output(StorefrontVendorList)
  .query(({ ctx }) => listStorefrontVendors(ctx.db));
