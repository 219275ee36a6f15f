import { changeVendorUserPassword, createVendorSession, endAllVendorSessions } from "@keyway/core";
import { ChangePasswordInput, PasswordChanged } from "@keyway/schema";
import { vendorUserProcedure } from "../../procedures";
import { consoleCookie } from "./session-cookie";

/** Changes the caller's password, ends all their sessions and signs this browser in afresh. */
export const changePasswordProcedure = vendorUserProcedure
  .input(ChangePasswordInput)
  .output(PasswordChanged)
  .mutation(async ({ ctx, input }) => {
    await changeVendorUserPassword(ctx.db, {
      ...input,
      vendorId: ctx.vendor.vendorId,
      userId: ctx.vendorUser.id,
      production: ctx.config.production,
    });
    await endAllVendorSessions(ctx.db, ctx.vendorUser.id);
    const session = await createVendorSession(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      vendorUserId: ctx.vendorUser.id,
    });
    ctx.setCookie(consoleCookie(ctx.config, session.token, session.expiresAt));
    return { csrfToken: session.csrfToken };
  });
