import { requestLoginCode } from "@keyway/core";
import { LoginCodeSent, RequestLoginCodeInput } from "@keyway/schema";
import { publicProcedure } from "../../procedures";

export const requestCode = publicProcedure
  .input(RequestLoginCodeInput)
  .output(LoginCodeSent)
  .mutation(({ ctx, input }) => requestLoginCode(ctx.db, ctx.notifier, input));
