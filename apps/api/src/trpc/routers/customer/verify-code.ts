import { verifyLoginCode } from "@keyway/core";
import { CustomerSignedIn, VerifyLoginCodeInput } from "@keyway/schema";
import { publicProcedure } from "../../procedures";
import { customerSessionCookie } from "./session-cookie";

/** Signs the customer in: the session cookie, and the CSRF token every mutation must echo. */
export const verifyCode = publicProcedure
  .input(VerifyLoginCodeInput)
  .output(CustomerSignedIn)
  .mutation(async ({ ctx, input }) => {
    const session = await verifyLoginCode(ctx.db, input);
    ctx.setCookie(customerSessionCookie(session.token, ctx.config.publicUrl));
    return { signedIn: true as const, csrfToken: session.csrfToken };
  });
