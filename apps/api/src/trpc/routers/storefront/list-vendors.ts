import { listStorefrontVendors } from "@keyway/core";
import { publicProcedure } from "../../procedures";

export const listVendors = publicProcedure.query(({ ctx }) => listStorefrontVendors(ctx.db));
