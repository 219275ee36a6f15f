import { accountSessionView, resolveVendorSession } from "@keyway/core";
import { AccountSession } from "@keyway/schema";
import { z } from "zod";
import { publicProcedure } from "../../procedures";

/** The signed-in console user, or null: the console asks this first (and learns its CSRF token). */
export const getSessionProcedure = publicProcedure
  .input(z.void())
  .output(AccountSession.nullable())
  .query(async ({ ctx }) => {
    if (!ctx.consoleSessionToken) return null;
    const session = await resolveVendorSession(ctx.db, ctx.consoleSessionToken);
    return session ? accountSessionView(session) : null;
  });
