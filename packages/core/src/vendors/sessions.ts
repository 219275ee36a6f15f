import { and, type Executor, eq, gt, hashSecret, lt, sessions, vendors, vendorUsers } from "@keyway/db";
import type { AccountSession, VendorRole } from "@keyway/schema";
import { DAY_MS } from "../shared/duration";
import { randomSecret } from "../shared/secrets";

export const VENDOR_SESSION_DAYS = 30;

export interface VendorSessionContext {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  user: { id: string; email: string; name: string | null; role: VendorRole; createdAt: Date };
  vendor: { id: string; slug: string; name: string; timezone: string; currency: string };
}

/** A new browser session for a vendor user: returns the raw token (cookie) once; stores its hash. */
export async function createVendorSession(
  db: Executor,
  params: { vendorId: string; vendorUserId: string; now?: Date },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const now = params.now ?? new Date();
  const token = randomSecret("kws", 32);
  const csrfToken = randomSecret("csrf", 24);
  const expiresAt = new Date(now.getTime() + VENDOR_SESSION_DAYS * DAY_MS);
  // Housekeeping on the way in: this user's expired sessions go.
  await db
    .delete(sessions)
    .where(and(eq(sessions.vendorUserId, params.vendorUserId), lt(sessions.expiresAt, now)));
  await db.insert(sessions).values({
    tokenHash: hashSecret(token),
    kind: "vendor_user",
    vendorId: params.vendorId,
    vendorUserId: params.vendorUserId,
    csrfToken,
    expiresAt,
  });
  return { token, csrfToken, expiresAt };
}

/** The live vendor-user session a cookie token names, or null. */
export async function resolveVendorSession(
  db: Executor,
  token: string,
  now: Date = new Date(),
): Promise<VendorSessionContext | null> {
  if (!token || token.length > 200) return null;
  const [row] = await db
    .select({
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      user: {
        id: vendorUsers.id,
        email: vendorUsers.email,
        name: vendorUsers.name,
        role: vendorUsers.role,
        createdAt: vendorUsers.createdAt,
      },
      vendor: {
        id: vendors.id,
        slug: vendors.slug,
        name: vendors.name,
        timezone: vendors.timezone,
        currency: vendors.currency,
      },
    })
    .from(sessions)
    .innerJoin(vendorUsers, eq(vendorUsers.id, sessions.vendorUserId))
    .innerJoin(vendors, eq(vendors.id, sessions.vendorId))
    .where(
      and(
        eq(sessions.tokenHash, hashSecret(token)),
        eq(sessions.kind, "vendor_user"),
        eq(vendorUsers.vendorId, sessions.vendorId),
        gt(sessions.expiresAt, now),
      ),
    );
  return row ?? null;
}

export function accountSessionView(s: VendorSessionContext): AccountSession {
  return {
    user: { ...s.user, createdAt: s.user.createdAt.toISOString() },
    vendor: s.vendor,
    csrfToken: s.csrfToken,
    expiresAt: s.expiresAt.toISOString(),
  };
}

/** Ends the session a token names (sign-out on this browser). */
export async function endVendorSession(db: Executor, token: string): Promise<void> {
  await db
    .delete(sessions)
    .where(and(eq(sessions.tokenHash, hashSecret(token)), eq(sessions.kind, "vendor_user")));
}

/** Ends every session of a user (sign-out everywhere, password change, removal). */
export async function endAllVendorSessions(db: Executor, vendorUserId: string): Promise<number> {
  const gone = await db
    .delete(sessions)
    .where(and(eq(sessions.vendorUserId, vendorUserId), eq(sessions.kind, "vendor_user")))
    .returning({ id: sessions.id });
  return gone.length;
}

/** Housekeeping: expired sessions. */
export async function purgeExpiredSessions(db: Executor, now: Date = new Date()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
