import type { VendorRole } from "@keyway/schema";

/**
 * Who acts with an owner's rights: an API credential (only an owner can make one) or an owner's
 * console session; a member does not. The one rule behind the owner-only procedures and the
 * owner-only plain routes (the license export).
 */
export function hasOwnerRights(caller: { credentialId: string | null; role: VendorRole | null }): boolean {
  return caller.credentialId !== null || caller.role === "owner";
}
