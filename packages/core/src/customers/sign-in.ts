import { randomInt } from "node:crypto";
import {
  and,
  customers,
  type Database,
  desc,
  eq,
  gt,
  hashSecret,
  isNull,
  loginCodes,
  lt,
  sessions,
  sql,
  vendors,
} from "@keyway/db";
import { mobileOrThrow } from "../commerce/customers";
import type { Notifier } from "../notify/notifier";
import { DAY_MS } from "../shared/duration";
import { DomainError } from "../shared/errors";
import { randomSecret } from "../shared/secrets";

export const LOGIN_CODE_TTL_MS = 10 * 60_000;
export const LOGIN_CODE_MAX_ATTEMPTS = 5;
/** Codes a destination may request per window: slows down mail bombing and guessing. */
export const LOGIN_CODE_MAX_PER_WINDOW = 5;
export const LOGIN_CODE_WINDOW_MS = 15 * 60_000;
export const CUSTOMER_SESSION_DAYS = 30;

/** Emails are compared lower-cased; mobile numbers by core's one rule (refused in words when impossible). */
function normaliseDestination(destination: string): string {
  const v = destination.trim();
  return v.includes("@") ? v.toLowerCase() : mobileOrThrow(v);
}

async function vendorBySlug(db: Database, slug: string) {
  const [vendor] = await db
    .select({ id: vendors.id, name: vendors.name })
    .from(vendors)
    .where(eq(vendors.slug, slug));
  if (!vendor) throw new DomainError("not_found", "Store not found.");
  return vendor;
}

/** Sends a 6-digit code to an email or phone; the same answer whether or not a customer exists. */
export async function requestLoginCode(
  db: Database,
  notifier: Notifier,
  params: { vendorSlug: string; destination: string; now?: Date },
): Promise<{ sent: true; expiresAt: string }> {
  const now = params.now ?? new Date();
  const vendor = await vendorBySlug(db, params.vendorSlug);
  const destination = normaliseDestination(params.destination);
  const [recent] = await db
    .select({ n: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${loginCodes.createdAt})` })
    .from(loginCodes)
    .where(
      and(
        eq(loginCodes.vendorId, vendor.id),
        eq(loginCodes.destination, destination),
        gt(loginCodes.createdAt, new Date(now.getTime() - LOGIN_CODE_WINDOW_MS)),
      ),
    );
  if ((recent?.n ?? 0) >= LOGIN_CODE_MAX_PER_WINDOW) {
    // The window frees a place when its oldest code leaves it: say when, in minutes and as a time.
    const oldest = recent?.oldest ? new Date(recent.oldest).getTime() : now.getTime();
    const retryAt = new Date(oldest + LOGIN_CODE_WINDOW_MS);
    const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
    throw new DomainError(
      "rate_limited",
      `Too many codes requested. You can ask for a new one in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      { retryAt: retryAt.toISOString() },
    );
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const expiresAt = new Date(now.getTime() + LOGIN_CODE_TTL_MS);
  await db.insert(loginCodes).values({
    vendorId: vendor.id,
    destination,
    codeHash: hashSecret(`${destination}:${code}`),
    expiresAt,
    createdAt: now,
  });
  await notifier.send({
    to: destination,
    subject: `Your ${vendor.name} sign-in code`,
    text: `Your sign-in code is ${code}. It expires in 10 minutes. If you did not ask for it, ignore this message.`,
  });
  return { sent: true, expiresAt: expiresAt.toISOString() };
}

/**
 * Checks the newest live code of the destination (single use, max attempts), then finds or
 * creates the customer and opens a session. Returns the raw session token once.
 */
export async function verifyLoginCode(
  db: Database,
  params: { vendorSlug: string; destination: string; code: string; now?: Date },
): Promise<{ token: string; csrfToken: string; expiresAt: Date; customerId: string }> {
  const now = params.now ?? new Date();
  const vendor = await vendorBySlug(db, params.vendorSlug);
  const destination = normaliseDestination(params.destination);
  const wrong = new DomainError("unauthorized", "That code is wrong or has expired. Request a new one.");
  const session = await db.transaction(async (tx) => {
    const [live] = await tx
      .select()
      .from(loginCodes)
      .where(
        and(
          eq(loginCodes.vendorId, vendor.id),
          eq(loginCodes.destination, destination),
          isNull(loginCodes.usedAt),
          gt(loginCodes.expiresAt, now),
        ),
      )
      .orderBy(desc(loginCodes.createdAt))
      .limit(1)
      .for("update");
    if (!live || live.attempts >= LOGIN_CODE_MAX_ATTEMPTS) throw wrong;
    if (live.codeHash !== hashSecret(`${destination}:${params.code.trim()}`)) {
      await tx
        .update(loginCodes)
        .set({ attempts: live.attempts + 1 })
        .where(eq(loginCodes.id, live.id));
      // Committed (not thrown inside the transaction) so the attempt counts.
      return null;
    }
    await tx.update(loginCodes).set({ usedAt: now }).where(eq(loginCodes.id, live.id));
    const isEmail = destination.includes("@");
    const [found] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(
        and(
          eq(customers.vendorId, vendor.id),
          isEmail ? eq(customers.email, destination) : eq(customers.phone, destination),
        ),
      );
    const customerId =
      found?.id ??
      (
        await tx
          .insert(customers)
          .values({ vendorId: vendor.id, ...(isEmail ? { email: destination } : { phone: destination }) })
          .returning({ id: customers.id })
      )[0]?.id;
    if (!customerId) throw new DomainError("internal", "Could not sign in.");
    const token = randomSecret("kwc", 32);
    const expiresAt = new Date(now.getTime() + CUSTOMER_SESSION_DAYS * DAY_MS);
    const csrfToken = randomSecret("csrf", 24);
    await tx.delete(sessions).where(and(eq(sessions.customerId, customerId), lt(sessions.expiresAt, now)));
    await tx.insert(sessions).values({
      tokenHash: hashSecret(token),
      kind: "customer",
      vendorId: vendor.id,
      customerId,
      csrfToken,
      expiresAt,
    });
    return { token, csrfToken, expiresAt, customerId };
  });
  if (!session) throw wrong;
  return session;
}

export interface CustomerSession {
  sessionId: string;
  customerId: string;
  vendorId: string;
  vendorSlug: string;
  vendorName: string;
  email: string | null;
  phone: string | null;
  /** Mutations must echo it in `x-csrf-token` (the portal learns it at sign-in and from `me`). */
  csrfToken: string;
}

/** The live customer session a cookie token names, or null. */
export async function resolveCustomerSession(
  db: Database,
  token: string,
  now: Date = new Date(),
): Promise<CustomerSession | null> {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      customerId: customers.id,
      vendorId: vendors.id,
      vendorSlug: vendors.slug,
      vendorName: vendors.name,
      email: customers.email,
      phone: customers.phone,
      csrfToken: sessions.csrfToken,
    })
    .from(sessions)
    .innerJoin(customers, eq(customers.id, sessions.customerId))
    .innerJoin(vendors, eq(vendors.id, sessions.vendorId))
    .where(
      and(
        eq(sessions.tokenHash, hashSecret(token)),
        eq(sessions.kind, "customer"),
        gt(sessions.expiresAt, now),
      ),
    );
  return row ?? null;
}

export async function endCustomerSession(db: Database, token: string): Promise<void> {
  await db
    .delete(sessions)
    .where(and(eq(sessions.tokenHash, hashSecret(token)), eq(sessions.kind, "customer")));
}
