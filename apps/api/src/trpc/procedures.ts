import {
  authenticateCredential,
  DomainError,
  hasOwnerRights,
  resolveCustomerSession,
  resolveVendorSession,
  type VendorSessionContext,
} from "@keyway/core";
import { AuditActor, type VendorRole } from "@keyway/schema";
import { TRPCError } from "@trpc/server";
import { requireCsrfToken } from "./csrf";
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

/** Who is calling on a vendor's behalf: an API credential, or a console user's session. */
export interface VendorCaller {
  vendorId: string;
  /** The API credential used; null when a console user calls through their session. */
  credentialId: string | null;
  /** The console user; null when an API credential calls. */
  userId: string | null;
  /** The console user's role; null when an API credential calls. */
  role: VendorRole | null;
  timezone: string;
  currency: string;
  /** For the audit trail: `api:<credential id>` or `user:<user id>`. */
  actor: string;
}

/**
 * The console session named by the `keyway_console` cookie. Mutations must echo the session's
 * CSRF token in `x-csrf-token` (double submit): a cross-site form can send the cookie, never the header.
 */
async function consoleSession(
  ctx: {
    db: Parameters<typeof resolveVendorSession>[0];
    consoleSessionToken: string | null;
    headers: Record<string, unknown>;
  },
  type: string,
): Promise<VendorSessionContext> {
  const session = ctx.consoleSessionToken
    ? await resolveVendorSession(ctx.db, ctx.consoleSessionToken)
    : null;
  if (!session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  requireCsrfToken(ctx, type, session.csrfToken);
  return session;
}

function callerOfSession(session: VendorSessionContext): VendorCaller {
  return {
    vendorId: session.vendor.id,
    credentialId: null,
    userId: session.user.id,
    role: session.user.role,
    timezone: session.vendor.timezone,
    currency: session.vendor.currency,
    actor: AuditActor.user(session.user.id),
  };
}

/**
 * Authenticated by a vendor API credential or, when none is presented, by a console session
 * (with CSRF on mutations); narrows `ctx.vendor`, so the console calls the same procedures.
 */
export const vendorProcedure = publicProcedure.use(async ({ ctx, next, type }) => {
  if (!ctx.credential) {
    if (ctx.consoleSessionToken) {
      const session = await consoleSession(ctx, type);
      return next({ ctx: { vendor: callerOfSession(session) } });
    }
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Invalid or missing API credentials." });
  }
  const authenticated = await authenticateCredential(ctx.db, ctx.credential).catch((e: unknown) => {
    throw toTRPCError(e);
  });
  const vendor: VendorCaller = { ...authenticated, userId: null, role: null };
  return next({ ctx: { vendor } });
});

/** A console user's session only (not an API credential); narrows `ctx.vendorUser` and `ctx.vendor`. */
export const vendorUserProcedure = publicProcedure.use(async ({ ctx, next, type }) => {
  const session = await consoleSession(ctx, type);
  return next({
    ctx: {
      vendorUser: { ...session.user, sessionId: session.sessionId },
      vendor: callerOfSession(session),
    },
  });
});

/**
 * Who acts with an owner's rights: an owner's console session, or an API credential (only an
 * owner can make one). A member does not. The one place this is decided.
 */
function requireOwnerRights(caller: VendorCaller): void {
  if (!hasOwnerRights(caller))
    throw new TRPCError({ code: "FORBIDDEN", message: "Only an owner can do this." });
}

/**
 * An owner's console session only: what stays out of reach of API credentials (making and
 * revoking them, a gateway's credentials).
 */
export const vendorOwnerProcedure = vendorUserProcedure.use(({ ctx, next }) => {
  requireOwnerRights(ctx.vendor);
  return next();
});

/** An owner's session or an API credential, never a member: the team and the store's settings. */
export const ownerOrCredentialProcedure = vendorProcedure.use(({ ctx, next }) => {
  requireOwnerRights(ctx.vendor);
  return next();
});

/**
 * A signed-in portal customer (cookie `keyway_session`), with the session's CSRF token on
 * mutations as for the console; narrows `ctx.customer`.
 */
export const customerProcedure = publicProcedure.use(async ({ ctx, next, type }) => {
  const customer = ctx.sessionToken ? await resolveCustomerSession(ctx.db, ctx.sessionToken) : null;
  if (!customer) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  requireCsrfToken(ctx, type, customer.csrfToken);
  return next({ ctx: { customer: { ...customer, actor: AuditActor.customer(customer.customerId) } } });
});
