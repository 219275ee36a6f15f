import { type Database, eq, vendorUsers } from "@keyway/db";
import { DomainError } from "../shared/errors";
import { dummyPasswordHash, verifyPassword } from "./passwords";
import { createVendorSession } from "./sessions";
import type { SignInLimiter } from "./sign-in-limiter";

/**
 * Email + password → a new session. The same answer for an unknown email and a wrong password;
 * with a limiter (production), repeated failures per email or per address are refused for a while.
 */
export async function signInVendorUser(
  db: Database,
  params: { email: string; password: string; ip: string; limiter?: SignInLimiter | null },
): Promise<{ vendorId: string; userId: string; token: string; csrfToken: string; expiresAt: Date }> {
  const keys = [`email:${params.email}`, `ip:${params.ip}`];
  await params.limiter?.check(keys);
  const [user] = await db
    .select({ id: vendorUsers.id, vendorId: vendorUsers.vendorId, passwordHash: vendorUsers.passwordHash })
    .from(vendorUsers)
    .where(eq(vendorUsers.email, params.email));
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), params.password);
  if (!user || !ok) {
    await params.limiter?.fail(keys);
    throw new DomainError("unauthorized", "Wrong email or password.");
  }
  await params.limiter?.reset([`email:${params.email}`]);
  const session = await createVendorSession(db, { vendorId: user.vendorId, vendorUserId: user.id });
  return { vendorId: user.vendorId, userId: user.id, ...session };
}
