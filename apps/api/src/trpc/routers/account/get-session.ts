import { accountSessionView, resolveVendorSession } from "@keyway/core";
import { AccountSession, NoInput } from "@keyway/schema";
import { publicProcedure } from "../../procedures";

/** The signed-in console user, or null: the console asks this first (and learns its CSRF token). */
export const getSessionProcedure = publicProcedure
  .input(NoInput)
  .output(AccountSession.nullable())
  .query(async ({ ctx }) => {
    if (!ctx.consoleSessionToken) return null;
    const session = await resolveVendorSession(ctx.db, ctx.consoleSessionToken);
    return session ? accountSessionView(session) : null;
  });
