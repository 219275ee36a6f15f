import { requestLoginCode } from "@keyway/core";
import { RequestLoginCodeInput } from "@keyway/schema";
import { publicProcedure } from "../../procedures";

export const requestCode = publicProcedure
  .input(RequestLoginCodeInput)
  .mutation(({ ctx, input }) => requestLoginCode(ctx.db, ctx.notifier, input));
