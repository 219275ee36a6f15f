import { authenticateCredential, DomainError } from "@keyway/core";
import { TRPCError } from "@trpc/server";
import { toTRPCError } from "./errors";
import { baseProcedure } from "./init";

/**
 * Every procedure runs through this: a DomainError from core becomes the tRPC error of its
 * code. (In tRPC v11 `next()` returns `{ ok: false }` rather than throwing.)
 */
export const publicProcedure = baseProcedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) throw toTRPCError(result.error.cause);
  return result;
});

/** Authenticated by a vendor API credential; narrows `ctx.vendor`. */
export const vendorProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.credential) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Invalid or missing API credentials." });
  }
  const vendor = await authenticateCredential(ctx.db, ctx.credential).catch((e: unknown) => {
    throw toTRPCError(e);
  });
  return next({ ctx: { vendor } });
});
