import { endAllVendorSessions } from "@keyway/core";
import { z } from "zod";
import { vendorUserProcedure } from "../../procedures";
import { clearedConsoleCookie } from "./session-cookie";

/** Ends every session of the caller, on every browser. */
export const signOutEverywhereProcedure = vendorUserProcedure
  .input(z.void())
  .output(z.object({ sessionsEnded: z.number().int() }))
  .mutation(async ({ ctx }) => {
    const sessionsEnded = await endAllVendorSessions(ctx.db, ctx.vendorUser.id);
    ctx.setCookie(clearedConsoleCookie(ctx.config));
    return { sessionsEnded };
  });
