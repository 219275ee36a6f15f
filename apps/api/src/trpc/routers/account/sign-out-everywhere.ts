import { endAllVendorSessions } from "@keyway/core";
import { NoInput, SessionsEnded } from "@keyway/schema";
import { vendorUserProcedure } from "../../procedures";
import { clearedConsoleCookie } from "./session-cookie";

/** Ends every session of the caller, on every browser. */
export const signOutEverywhereProcedure = vendorUserProcedure
  .input(NoInput)
  .output(SessionsEnded)
  .mutation(async ({ ctx }) => {
    const sessionsEnded = await endAllVendorSessions(ctx.db, ctx.vendorUser.id);
    ctx.setCookie(clearedConsoleCookie(ctx.config));
    return { sessionsEnded };
  });
