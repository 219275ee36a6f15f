import { and, asc, type Database, eq, vendorUsers } from "@keyway/db";
import type { VendorRole, VendorUser } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import { isUniqueViolation } from "../shared/unique-violation";
import { assertPasswordStrength, hashPassword, verifyPassword } from "./passwords";
import { endAllVendorSessions } from "./sessions";

type UserRow = typeof vendorUsers.$inferSelect;
function view(u: Pick<UserRow, "id" | "email" | "name" | "role" | "createdAt">): VendorUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role, createdAt: u.createdAt.toISOString() };
}

export async function listVendorUsers(db: Database, params: { vendorId: string }): Promise<VendorUser[]> {
  const rows = await db
    .select()
    .from(vendorUsers)
    .where(eq(vendorUsers.vendorId, params.vendorId))
    .orderBy(asc(vendorUsers.createdAt));
  return rows.map(view);
}

/**
 * An API credential acts for an owner but cannot make or unmake one: else a leaked secret could
 * add itself an owner and reach what stays behind an owner's session (API credentials, gateways).
 */
function assertOwnersChangedInConsole(actingUserId: string | null | undefined, role: VendorRole) {
  if (actingUserId === null && role === "owner") {
    throw new DomainError("forbidden", "Only an owner signed in to the console can add or remove an owner.");
  }
}

/**
 * An owner (or an API credential: `actingUserId` null) adds a colleague with an initial password
 * (to be changed by them).
 */
export async function addVendorUser(
  db: Database,
  params: {
    vendorId: string;
    email: string;
    password: string;
    name?: string | undefined;
    role: VendorRole;
    production: boolean;
    /** The console owner doing it; null for an API credential; omitted by seeds and scripts. */
    actingUserId?: string | null;
  },
): Promise<VendorUser> {
  assertOwnersChangedInConsole(params.actingUserId, params.role);
  assertPasswordStrength(params.password, { production: params.production, email: params.email });
  const passwordHash = await hashPassword(params.password);
  try {
    const [row] = await db
      .insert(vendorUsers)
      .values({
        vendorId: params.vendorId,
        email: params.email,
        name: params.name ?? null,
        passwordHash,
        role: params.role,
      })
      .returning();
    if (!row) throw new DomainError("internal", "User insert returned nothing.");
    return view(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError("conflict", "An account with this email already exists.");
    throw e;
  }
}

/**
 * Removes a user and ends their sessions. No one removes themselves, and only an owner's session
 * removes an owner, so the last owner always stays.
 */
export async function removeVendorUser(
  db: Database,
  /** `actingUserId`: the console owner doing it; null for an API credential. */
  params: { vendorId: string; userId: string; actingUserId: string | null },
): Promise<{ removed: true }> {
  if (params.userId === params.actingUserId) {
    throw new DomainError("conflict", "You cannot remove yourself.");
  }
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select()
      .from(vendorUsers)
      .where(and(eq(vendorUsers.id, params.userId), eq(vendorUsers.vendorId, params.vendorId)));
    if (!user) throw new DomainError("not_found", "User not found.");
    assertOwnersChangedInConsole(params.actingUserId, user.role);
    await endAllVendorSessions(tx, user.id);
    await tx.delete(vendorUsers).where(eq(vendorUsers.id, user.id));
    return { removed: true as const };
  });
}

/** Changes the caller's password and ends every other session of theirs. */
export async function changeVendorUserPassword(
  db: Database,
  params: {
    vendorId: string;
    userId: string;
    currentPassword: string;
    newPassword: string;
    production: boolean;
  },
): Promise<void> {
  const [user] = await db
    .select()
    .from(vendorUsers)
    .where(and(eq(vendorUsers.id, params.userId), eq(vendorUsers.vendorId, params.vendorId)));
  if (!user) throw new DomainError("not_found", "User not found.");
  if (!(await verifyPassword(user.passwordHash, params.currentPassword))) {
    throw new DomainError("unauthorized", "The current password is wrong.");
  }
  assertPasswordStrength(params.newPassword, { production: params.production, email: user.email });
  const passwordHash = await hashPassword(params.newPassword);
  await db.update(vendorUsers).set({ passwordHash }).where(eq(vendorUsers.id, user.id));
}
