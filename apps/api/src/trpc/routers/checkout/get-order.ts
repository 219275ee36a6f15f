import { getCheckoutOrder } from "@keyway/core";
import { CheckoutOrder } from "@keyway/schema";
import { z } from "zod";
import { publicProcedure } from "../../procedures";

/** The order page: the token is the credential (it is only ever handed to the buyer). */
export const getCheckoutOrderProcedure = publicProcedure
  .input(z.object({ token: z.string().min(8).max(64) }))
  .output(CheckoutOrder)
  .query(({ ctx, input }) => getCheckoutOrder(ctx.db, { token: input.token }));
