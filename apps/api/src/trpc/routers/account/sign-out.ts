import { endVendorSession } from "@keyway/core";
import { z } from "zod";
import { vendorUserProcedure } from "../../procedures";
import { clearedConsoleCookie } from "./session-cookie";

export const signOutProcedure = vendorUserProcedure
  .input(z.void())
  .output(z.object({ signedOut: z.literal(true) }))
  .mutation(async ({ ctx }) => {
    if (ctx.consoleSessionToken) await endVendorSession(ctx.db, ctx.consoleSessionToken);
    ctx.setCookie(clearedConsoleCookie(ctx.config));
    return { signedOut: true as const };
  });
