import type { TRPCRouterRecord } from "@trpc/server";
import { getStorefrontProcedure } from "./get-storefront";
import { listVendors } from "./list-vendors";

/** Public storefronts: who sells, and what. */
export const storefrontRouter = {
  listVendors,
  get: getStorefrontProcedure,
} satisfies TRPCRouterRecord;
