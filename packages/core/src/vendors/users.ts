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

/** An owner adds a colleague with an initial password (to be changed by them). */
export async function addVendorUser(
  db: Database,
  params: {
    vendorId: string;
    email: string;
    password: string;
    name?: string | undefined;
    role: VendorRole;
    production: boolean;
  },
): Promise<VendorUser> {
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

/** Removes a user and ends their sessions; the last owner cannot be removed. */
export async function removeVendorUser(
  db: Database,
  params: { vendorId: string; userId: string; actingUserId: string },
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
