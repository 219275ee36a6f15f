import type { TRPCRouterRecord } from "@trpc/server";
import { createCheckoutOrder } from "./create-order";
import { getCheckoutOrderProcedure } from "./get-order";
import { getRenewalOptionsProcedure } from "./get-renewal-options";

/** What the portal's storefront, order and renewal pages call; no sign-in needed. */
export const checkoutRouter = {
  createOrder: createCheckoutOrder,
  getOrder: getCheckoutOrderProcedure,
  getRenewalOptions: getRenewalOptionsProcedure,
} satisfies TRPCRouterRecord;
