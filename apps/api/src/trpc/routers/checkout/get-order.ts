import { getCheckoutOrder } from "@keyway/core";
import { CheckoutOrder, CheckoutOrderTokenInput } from "@keyway/schema";
import { publicProcedure } from "../../procedures";

/** The order page: the token is the credential (it is only ever handed to the buyer). */
export const getCheckoutOrderProcedure = publicProcedure
  .input(CheckoutOrderTokenInput)
  .output(CheckoutOrder)
  .query(({ ctx, input }) => getCheckoutOrder(ctx.db, { token: input.token }));
