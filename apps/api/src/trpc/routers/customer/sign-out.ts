import { endCustomerSession } from "@keyway/core";
import { SignedOut } from "@keyway/schema";
import { customerProcedure } from "../../procedures";
import { customerSessionCookie } from "./session-cookie";

/** Ends the session (a mutation like any other: it needs the session's CSRF token). */
export const signOut = customerProcedure.output(SignedOut).mutation(async ({ ctx }) => {
  if (ctx.sessionToken) await endCustomerSession(ctx.db, ctx.sessionToken);
  ctx.setCookie(customerSessionCookie("", ctx.config.publicUrl, 0));
  return { signedOut: true as const };
});
