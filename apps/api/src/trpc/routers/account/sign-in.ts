import { accountSessionView, resolveVendorSession, signInVendorUser } from "@keyway/core";
import { AccountSession, SignInInput } from "@keyway/schema";
import { TRPCError } from "@trpc/server";
import { signInLimiterOf } from "../../../rate-limit/sign-in-limits";
import { publicProcedure } from "../../procedures";
import { consoleCookie } from "./session-cookie";

export const signInProcedure = publicProcedure
  .input(SignInInput)
  .output(AccountSession)
  .mutation(async ({ ctx, input }) => {
    const result = await signInVendorUser(ctx.db, {
      ...input,
      ip: ctx.ip,
      // Production only, so tests and the demo can fail freely.
      limiter: ctx.config.production ? signInLimiterOf(ctx) : null,
    });
    ctx.setCookie(consoleCookie(ctx.config, result.token, result.expiresAt));
    const session = await resolveVendorSession(ctx.db, result.token);
    if (!session) throw new TRPCError({ code: "INTERNAL_SERVER_ERROR" });
    return accountSessionView(session);
  });
