import {
  accountSessionView,
  createSignInLimiter,
  resolveVendorSession,
  type SignInLimiter,
  signInVendorUser,
} from "@keyway/core";
import type { Database } from "@keyway/db";
import { AccountSession, SignInInput } from "@keyway/schema";
import { TRPCError } from "@trpc/server";
import { publicProcedure } from "../../procedures";
import { consoleCookie } from "./session-cookie";

/** One limiter per server (per database handle); production only, so tests can fail freely. */
const limiters = new WeakMap<Database, SignInLimiter>();
function limiterFor(db: Database): SignInLimiter {
  let limiter = limiters.get(db);
  if (!limiter) {
    limiter = createSignInLimiter();
    limiters.set(db, limiter);
  }
  return limiter;
}

export const signInProcedure = publicProcedure
  .input(SignInInput)
  .output(AccountSession)
  .mutation(async ({ ctx, input }) => {
    const result = await signInVendorUser(ctx.db, {
      ...input,
      ip: ctx.ip,
      limiter: ctx.config.production ? limiterFor(ctx.db) : null,
    });
    ctx.setCookie(consoleCookie(ctx.config, result.token, result.expiresAt));
    const session = await resolveVendorSession(ctx.db, result.token);
    if (!session) throw new TRPCError({ code: "INTERNAL_SERVER_ERROR" });
    return accountSessionView(session);
  });
