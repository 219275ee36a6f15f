import { type Database, eq, vendors, vendorUsers } from "@keyway/db";
import { isReservedSlug, RESERVED_SLUG_MESSAGE, type SignUpInput } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import { isUniqueViolation } from "../shared/unique-violation";
import { assertPasswordStrength, hashPassword } from "./passwords";
import { createVendorSession } from "./sessions";

export interface SignUpResult {
  vendorId: string;
  userId: string;
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** A new vendor, its first user (owner) and a signed-in session, in one transaction. */
export async function signUpVendor(
  db: Database,
  params: SignUpInput & { production: boolean },
): Promise<SignUpResult> {
  assertPasswordStrength(params.password, { production: params.production, email: params.email });
  assertTimezone(params.timezone);
  if (params.slug !== undefined && isReservedSlug(params.slug))
    throw new DomainError("invalid_input", RESERVED_SLUG_MESSAGE, { field: "slug" });
  const passwordHash = await hashPassword(params.password);
  const slug = params.slug ?? (await freeSlug(db, slugify(params.vendorName)));
  try {
    return await db.transaction(async (tx) => {
      const [vendor] = await tx
        .insert(vendors)
        .values({
          slug,
          name: params.vendorName,
          timezone: params.timezone ?? "UTC",
          currency: params.currency ?? "USD",
        })
        .returning({ id: vendors.id });
      if (!vendor) throw new DomainError("internal", "Vendor insert returned nothing.");
      const [user] = await tx
        .insert(vendorUsers)
        .values({
          vendorId: vendor.id,
          email: params.email,
          name: params.name ?? null,
          passwordHash,
          role: "owner",
        })
        .returning({ id: vendorUsers.id });
      if (!user) throw new DomainError("internal", "User insert returned nothing.");
      const session = await createVendorSession(tx, { vendorId: vendor.id, vendorUserId: user.id });
      return { vendorId: vendor.id, userId: user.id, ...session };
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      const taken = await db
        .select({ id: vendorUsers.id })
        .from(vendorUsers)
        .where(eq(vendorUsers.email, params.email));
      if (taken[0])
        throw new DomainError("conflict", "An account with this email already exists.", { field: "email" });
      throw new DomainError("conflict", "This store address is taken; choose another.", { field: "slug" });
    }
    throw e;
  }
}

export function assertTimezone(timezone: string | undefined): void {
  if (timezone === undefined) return;
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    throw new DomainError("invalid_input", "Unknown time zone.", { field: "timezone" });
  }
}

function slugify(name: string): string {
  const s = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return s || "vendor";
}

/** The name's slug, or with a number appended when it is taken or a reserved route (`/console`). */
async function freeSlug(db: Database, base: string): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const candidate = i === 0 ? base : `${base}-${Math.floor(Math.random() * 9000 + 1000)}`;
    if (isReservedSlug(candidate)) continue;
    const taken = await db.select({ id: vendors.id }).from(vendors).where(eq(vendors.slug, candidate));
    if (!taken[0]) return candidate;
  }
  return `${base}-${Date.now().toString(36)}`;
}
