import { endCustomerSession } from "@keyway/core";
import { publicProcedure } from "../../procedures";
import { customerSessionCookie } from "./session-cookie";

export const signOut = publicProcedure.mutation(async ({ ctx }) => {
  if (ctx.sessionToken) await endCustomerSession(ctx.db, ctx.sessionToken);
  ctx.setCookie(customerSessionCookie("", ctx.config.publicUrl, 0));
  return { signedOut: true as const };
});
