import { accountSessionView, resolveVendorSession, signUpVendor } from "@keyway/core";
import { AccountSession, SignUpInput } from "@keyway/schema";
import { TRPCError } from "@trpc/server";
import { publicProcedure } from "../../procedures";
import { consoleCookie } from "./session-cookie";

/** A new vendor and its owner; signs the owner in (sets the console cookie). */
export const signUpProcedure = publicProcedure
  .input(SignUpInput)
  .output(AccountSession)
  .mutation(async ({ ctx, input }) => {
    const result = await signUpVendor(ctx.db, { ...input, production: ctx.config.production });
    ctx.setCookie(consoleCookie(ctx.config, result.token, result.expiresAt));
    const session = await resolveVendorSession(ctx.db, result.token);
    if (!session) throw new TRPCError({ code: "INTERNAL_SERVER_ERROR" });
    return accountSessionView(session);
  });
