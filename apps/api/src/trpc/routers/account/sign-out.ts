import { endVendorSession } from "@keyway/core";
import { NoInput, SignedOut } from "@keyway/schema";
import { vendorUserProcedure } from "../../procedures";
import { clearedConsoleCookie } from "./session-cookie";

export const signOutProcedure = vendorUserProcedure
  .input(NoInput)
  .output(SignedOut)
  .mutation(async ({ ctx }) => {
    if (ctx.consoleSessionToken) await endVendorSession(ctx.db, ctx.consoleSessionToken);
    ctx.setCookie(clearedConsoleCookie(ctx.config));
    return { signedOut: true as const };
  });
