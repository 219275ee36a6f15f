import { resolveCustomerSession } from "@keyway/core";
import { CustomerMe } from "@keyway/schema";
import { publicProcedure } from "../../procedures";

/**
 * Who is signed in, or null (the portal's header asks this on every page), with the session's
 * CSRF token for `x-csrf-token` (only a same-origin page can read it).
 */
export const getMe = publicProcedure.output(CustomerMe.nullable()).query(async ({ ctx }) => {
  const s = ctx.sessionToken ? await resolveCustomerSession(ctx.db, ctx.sessionToken) : null;
  return s
    ? {
        email: s.email,
        phone: s.phone,
        vendorSlug: s.vendorSlug,
        vendorName: s.vendorName,
        csrfToken: s.csrfToken,
      }
    : null;
});
