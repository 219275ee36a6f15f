import { z } from "zod";
import { multiLine, RecordId, singleLine } from "./primitives";

/**
 * Contracts of a vendor's changes to one license (`PATCH /licenses/{licenseId}`) and of reissuing
 * its key (vendor and customer alike). The limits are checked here, so every surface refuses the
 * same input with the same words.
 */

/** The most a license's metadata may take, as UTF-8 JSON. */
export const LICENSE_METADATA_MAX_BYTES = 8192;
export const LICENSE_NAME_MAX_LENGTH = 200;

/** Bytes of a value as UTF-8 JSON (the size the 8 KB limit counts). Runs in the browser too. */
export function jsonByteLength(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? "").length;
}

export const LicenseMetadata = z
  .record(z.string(), z.unknown())
  .refine((value) => jsonByteLength(value) <= LICENSE_METADATA_MAX_BYTES, {
    error: `metadata takes at most ${LICENSE_METADATA_MAX_BYTES} bytes as JSON.`,
  })
  .meta({
    description: `The vendor's own JSON object (at most ${LICENSE_METADATA_MAX_BYTES} bytes serialized), returned by validation as \`license.metadata\`.`,
    example: { tier: "gold", crm_id: "acct_1042" },
  });
export type LicenseMetadata = z.infer<typeof LicenseMetadata>;

const isoDate = z.iso.datetime({ offset: true }).meta({ example: "2027-05-29T00:00:00Z" });

/**
 * `PATCH /licenses/{licenseId}`: the fields given change, in one transaction, as one
 * `license.updated` event. Strict: a field not listed here is refused (no mass assignment).
 */
export const UpdateLicenseInput = z.strictObject({
  licenseId: RecordId.meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
  expiresAt: isoDate.nullable().optional().meta({
    description:
      "The new expiry, past or future (a past one ends the term now: the license answers as expired, or in grace, by its expiry policy); null makes it perpetual.",
    example: "2027-05-29T00:00:00Z",
  }),
  maxSeats: z.number().int().min(1).max(100_000).optional().meta({
    description:
      "The seat limit. Never below the seats in use, unless `releaseExtra` is true: then the least recently seen seats are released down to the new limit.",
    example: 3,
  }),
  releaseExtra: z.boolean().optional().meta({
    description: "With `maxSeats` below the seats in use: release the least recently seen seats.",
    example: false,
  }),
  planId: RecordId.optional().meta({
    description: "Another plan of the license's product (not archived).",
    example: "pln_d3ga91nk1ft0630vr80e",
  }),
  metadata: LicenseMetadata.nullable()
    .optional()
    .meta({
      description: `The vendor's own JSON object (at most ${LICENSE_METADATA_MAX_BYTES} bytes serialized), returned by validation as \`license.metadata\`; null clears it.`,
      example: { tier: "gold", crm_id: "acct_1042" },
    }),
  name: singleLine(z.string().trim().max(LICENSE_NAME_MAX_LENGTH)).nullable().optional().meta({
    description: "The vendor's own name for the license (e.g. “ACME build server”); null clears it.",
    example: "ACME build server",
  }),
  reason: multiLine(z.string().max(500))
    .optional()
    .meta({ description: "Why (kept in the audit trail).", example: "Upgrade agreed by phone." }),
});
export type UpdateLicenseInput = z.infer<typeof UpdateLicenseInput>;

/** Reissuing a license's key: the vendor's (REST, console) and the customer's (portal). */
export const ReissueLicenseKeyInput = z.object({
  licenseId: RecordId.meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
  reason: multiLine(z.string().max(500))
    .optional()
    .meta({ description: "Why (kept in the audit trail).", example: "The key was posted in a forum." }),
});
export type ReissueLicenseKeyInput = z.infer<typeof ReissueLicenseKeyInput>;

/** The last characters of a key: all an event, a webhook or a log line may show of it. */
export function keyLast4(key: string): string {
  return key.slice(-4);
}
