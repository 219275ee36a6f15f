import { customers, newId, type SQL, sql } from "@keyway/db";
import { DomainError } from "../shared/errors";

export interface CustomerContact {
  phone?: string | null | undefined;
  email?: string | null | undefined;
  name?: string | null | undefined;
}

/** A contact as stored: email lower-cased, phone as digits only. */
export interface NormalisedContact {
  email: string | null;
  phone: string | null;
  name: string | null;
}

export type MobileNumber = { ok: true; value: string } | { ok: false; reason: string };

/**
 * An Indian mobile number as people type it ("+91 94604 39200", "094604 39200", "94604-39200")
 * → the 10 digits core stores, or why it cannot be one. The one rule for checkout and sign-in.
 */
export function normaliseMobile(input: string): MobileNumber {
  const typed = input.trim().replace(/[\s().-]/g, "");
  const digits = /^\+91\d{10}$/.test(typed)
    ? typed.slice(3)
    : /^(0091|91)\d{10}$/.test(typed)
      ? typed.slice(-10)
      : /^0\d{10}$/.test(typed)
        ? typed.slice(1)
        : typed;
  if (!/^\d{10}$/.test(digits))
    return { ok: false, reason: "Enter a 10-digit mobile number, for example 94604 39200." };
  // Indian mobile numbers begin with 6, 7, 8 or 9; anything else (0000000000) reaches nobody.
  if (!/^[6-9]/.test(digits))
    return {
      ok: false,
      reason: "That is not a mobile number: Indian mobile numbers start with 6, 7, 8 or 9.",
    };
  return { ok: true, value: digits };
}

/** The stored form of a mobile number, or a DomainError saying in words why it is refused. */
export function mobileOrThrow(input: string): string {
  const mobile = normaliseMobile(input);
  if (!mobile.ok) throw new DomainError("invalid_input", mobile.reason, { field: "phone" });
  return mobile.value;
}

export function normaliseContact(contact: CustomerContact): NormalisedContact {
  const phone = contact.phone?.trim();
  return {
    email: contact.email?.trim().toLowerCase() || null,
    phone: phone ? mobileOrThrow(phone) : null,
    name: contact.name ?? null,
  };
}

/** A stored customer that matches a contact by email or by phone. */
export interface CustomerCandidate {
  id: string;
  email: string | null;
  phone: string | null;
}

/**
 * A scalar subquery to embed in another read: the vendor's customers matching the contact by
 * email or phone, as a JSON array (at most two rows: one per unique index). One text whatever
 * the contact (an absent email or phone compares as null), so it can be prepared: pass
 * placeholders or values. Read the result with `customerCandidates`.
 */
export function customerCandidatesSql(vendorId: unknown, email: unknown, phone: unknown): SQL {
  return sql`(select json_agg(json_build_object('id', ${customers.id}, 'email', ${customers.email}, 'phone', ${customers.phone})) from ${customers} where ${customers.vendorId} = ${vendorId} and (${customers.email} = ${email} or ${customers.phone} = ${phone}))`;
}

export function customerCandidates(value: unknown): CustomerCandidate[] {
  if (value === null || value === undefined) return [];
  const parsed = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as CustomerCandidate[]) : [];
}

/** What writing the order does about its customer: reuse one (maybe adding its email) or create one. */
export interface CustomerPlan {
  id: string | null;
  insert: typeof customers.$inferInsert | null;
  /** Set this email on the customer found by phone (it had none). */
  setEmail: string | null;
}

/**
 * Which customer an order is for, without a round trip: by email, then by phone (adding the
 * email when that customer has none), else a new customer with a fresh id. Inserted with
 * `on conflict do nothing`: a concurrent order that created the same contact first makes the
 * caller's foreign key fail, and the caller retries with a fresh read.
 */
export function planCustomer(
  vendorId: string,
  contact: NormalisedContact,
  candidates: CustomerCandidate[],
): CustomerPlan {
  if (!contact.email && !contact.phone) return { id: null, insert: null, setEmail: null };
  const byEmail = contact.email ? candidates.find((c) => c.email === contact.email) : undefined;
  if (byEmail) return { id: byEmail.id, insert: null, setEmail: null };
  const byPhone = contact.phone ? candidates.find((c) => c.phone === contact.phone) : undefined;
  if (byPhone) {
    return { id: byPhone.id, insert: null, setEmail: contact.email && !byPhone.email ? contact.email : null };
  }
  const id = newId("cus");
  return {
    id,
    insert: { id, vendorId, email: contact.email, phone: contact.phone, name: contact.name },
    setEmail: null,
  };
}
