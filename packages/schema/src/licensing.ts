import { z } from "zod";
import { RequiredEntitlements } from "./entitlements";
import { Nonce } from "./nonce";
import { multiLine, RecordId, singleLine } from "./primitives";

/**
 * Contracts of the licensing procedures (tRPC and /api/v1 REST share them). Dates are ISO
 * strings, so tRPC and REST show the same JSON.
 */

export const LICENSE_STATUSES = ["pending", "active", "expired", "suspended", "revoked"] as const;
export const LicenseStatus = z.enum(LICENSE_STATUSES).meta({
  id: "LicenseStatus",
  description: "`expired` is derived from `expiresAt` at read time.",
  example: "active",
});
export type LicenseStatus = z.infer<typeof LicenseStatus>;

export const BindingKind = z.enum(["domain", "serial", "fingerprint"]).meta({ id: "BindingKind" });
export type BindingKind = z.infer<typeof BindingKind>;

export const DurationUnit = z.enum(["hour", "day", "week", "month", "year"]);
export type DurationUnit = z.infer<typeof DurationUnit>;

/** What a vendor can do to a license (`POST /licenses/{id}/<action>`, the console's buttons). */
/** The vendor's actions on a license; `update` is a PATCH of its fields, `reissue_key` a new key. */
export const LICENSE_ACTIONS = [
  "suspend",
  "reinstate",
  "revoke",
  "extend",
  "renew",
  "update",
  "reissue_key",
] as const;
export const LicenseAction = z.enum(LICENSE_ACTIONS).meta({ id: "LicenseAction" });
export type LicenseAction = z.infer<typeof LicenseAction>;

const isoDate = z.iso.datetime({ offset: true }).meta({ example: "2026-05-29T13:17:32.000Z" });
const nullableIso = isoDate.nullable();

/** Keys are checked for shape in core; the bound here only keeps junk cheap to refuse. */
export const LicenseKeyInput = singleLine(z.string().trim().min(1).max(256)).meta({
  example: "ABCDEF1234567890",
});

/** Where a license is used: exactly one of domain, serial or fingerprint (or none). */
const scopeFields = {
  domain: singleLine(z.string().max(2048)).optional().meta({ example: "example.com" }),
  serial: singleLine(z.string().max(256)).optional().meta({ example: "B-12345678" }),
  fingerprint: singleLine(z.string().max(256)).optional().meta({ example: "9f2c4e1ab37d5c08" }),
};

function atMostOneScope(v: {
  domain?: string | undefined;
  serial?: string | undefined;
  fingerprint?: string | undefined;
}) {
  return [v.domain, v.serial, v.fingerprint].filter((x) => x !== undefined).length <= 1;
}
function exactlyOneScope(v: {
  domain?: string | undefined;
  serial?: string | undefined;
  fingerprint?: string | undefined;
}) {
  return [v.domain, v.serial, v.fingerprint].filter((x) => x !== undefined).length === 1;
}

export const ValidateLicenseInput = z
  .object({
    key: LicenseKeyInput,
    ...scopeFields,
    /** Ask for a signed certificate of the result. */
    certificate: z.boolean().optional(),
    /** Entitlement codes the license must grant: a missing one answers 403 `entitlements_missing`. */
    entitlements: RequiredEntitlements.optional(),
    /** Echoed in the answer's signature (docs/signatures.md §2); ignored by tRPC. */
    nonce: Nonce.optional(),
  })
  .refine(atMostOneScope, { message: "Give at most one of domain, serial or fingerprint." })
  // One scope at a time (the field examples together would be refused); trpc-to-openapi keeps `examples`.
  .meta({ examples: [{ key: "ABCDEF1234567890", domain: "example.com" }] });
export type ValidateLicenseInput = z.infer<typeof ValidateLicenseInput>;

export const ActivateLicenseInput = z
  .object({
    key: LicenseKeyInput,
    ...scopeFields,
    certificate: z.boolean().optional(),
    entitlements: RequiredEntitlements.optional(),
    nonce: Nonce.optional(),
  })
  .refine(exactlyOneScope, { message: "Give exactly one of domain, serial or fingerprint." })
  .meta({ examples: [{ key: "ABCDEF1234567890", domain: "example.com" }] });
export type ActivateLicenseInput = z.infer<typeof ActivateLicenseInput>;

export const DeactivateLicenseInput = z
  .object({ key: LicenseKeyInput, ...scopeFields, nonce: Nonce.optional() })
  .refine(exactlyOneScope, { message: "Give exactly one of domain, serial or fingerprint." })
  .meta({ examples: [{ key: "ABCDEF1234567890", domain: "example.com" }] });
export type DeactivateLicenseInput = z.infer<typeof DeactivateLicenseInput>;

export const Activation = z
  .object({
    id: z.string().meta({ example: "act_z3jfjfhvrp8ad3n5yk7v" }),
    kind: BindingKind,
    value: z.string().meta({ example: "example.com" }),
    label: z.string().nullable().meta({ example: "example.com" }),
    activatedAt: isoDate,
    lastVerifiedAt: nullableIso,
    heartbeatAt: nullableIso.meta({
      description: "Floating seats: the last heartbeat (null before the first one).",
      example: null,
    }),
  })
  .meta({ id: "Activation" });
export type Activation = z.infer<typeof Activation>;

export const LicenseProduct = z.object({
  id: z.string().meta({ example: "prd_0vq946tx1vwsres9k697" }),
  number: z.number().int().meta({ example: 1 }),
  kind: z.enum(["software", "addon", "package"]),
  name: z.string().meta({ example: "Example Product" }),
  version: z.string().nullable().meta({ example: "1.0.0" }),
});

export const LicensePlan = z
  .object({
    id: z.string().meta({ example: "pln_d3ga91nk1ft0630vr80e" }),
    number: z.number().int().meta({ example: 1 }),
    name: z.string().meta({ example: "Monthly Plan" }),
  })
  .nullable();

/** What a key holder may see about their license (no customer data). */
export const LicenseSummary = z
  .object({
    key: z.string().meta({ example: "ABCDEF1234567890" }),
    status: LicenseStatus,
    product: LicenseProduct,
    plan: LicensePlan,
    bindingKind: BindingKind,
    maxSeats: z.number().int().meta({ example: 1 }),
    seatsUsed: z.number().int().meta({ example: 1 }),
    activations: z.array(Activation),
    expiresAt: nullableIso.meta({ example: "2027-05-29T13:17:32.000Z" }),
    activatedAt: nullableIso,
    renewedAt: nullableIso.meta({ example: null }),
    /** The vendor's own JSON (`PATCH /licenses/{licenseId}`), returned by validation. */
    metadata: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({
        example: { tier: "gold" },
        description: "The vendor's own JSON object; null when none was set.",
      }),
  })
  .meta({ id: "LicenseSummary" });
export type LicenseSummary = z.infer<typeof LicenseSummary>;

/** A license as its vendor (or its customer, in the portal) sees it. */
export const License = LicenseSummary.extend({
  id: z.string().meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
  /** The vendor's own name for it (never shown to the key holder's software). */
  name: z.string().nullable().meta({ example: "ACME build server" }),
  customerId: z.string().nullable().meta({ example: "cus_n6xmjd7kj8wz2k8jry0j" }),
  orderId: z.string().nullable().meta({ example: "ord_4k2m9x7q1v8c3n6b5z0w" }),
  durationValue: z.number().int().nullable().meta({ example: 1 }),
  durationUnit: DurationUnit.nullable().meta({ example: "year" }),
  startsAt: nullableIso,
  lastVerifiedAt: nullableIso,
  suspendedAt: nullableIso.meta({ example: null }),
  revokedAt: nullableIso.meta({ example: null }),
  testMode: z.boolean().meta({ example: false }),
  clockPending: z.boolean().meta({
    example: false,
    description:
      "The term waits for the license's first successful activation or validation (product or plan `clockStartsAt: first_activation`): `startsAt` and `expiresAt` are null until then.",
  }),
  createdAt: isoDate,
  /**
   * The vendor's `renew` is taken in its state (not suspended or revoked), as `allowedActions`
   * says. Whether its customer may pay a renewal order is the customer's `renewable`, which also
   * refuses a pending order, a perpetual term and a subscription that renews it.
   */
  renewable: z.boolean(),
  /**
   * The vendor actions that would change it now; any other is refused, or changes nothing
   * (suspending a suspended license).
   */
  allowedActions: z
    .array(LicenseAction)
    .meta({ example: ["suspend", "revoke", "extend", "renew", "update", "reissue_key"] }),
  /** Its effective entitlement codes (product, plan, its own grants, active add-ons), sorted. */
  entitlements: z.array(z.string()).meta({ example: ["API_ACCESS", "PRO_EXPORT"] }),
}).meta({ id: "License" });
export type License = z.infer<typeof License>;
export const LicenseList = z.array(License);

export const ValidateLicenseOutput = z
  .object({
    valid: z.literal(true),
    license: LicenseSummary,
    /** The seat this request matched (null when no scope was given, or on a development domain). */
    activation: Activation.nullable(),
    binding: z.enum(["seat", "development"]).nullable().meta({
      example: "seat",
      description:
        "`seat`: the domain, serial or fingerprint holds a seat of the license. `development`: a development or staging domain (localhost, private IPs, *.local, *.test, *.localhost, staging.*, dev.*, or the product's own patterns), verified without binding or counting a seat. null when no scope was given.",
    }),
    /** `kwc1.<payload>.<signature>`, when asked for; verify with `verifyCertificate`. */
    /** The license's entitlement codes (product, plan, its own grants, active add-ons), sorted. */
    entitlements: z.array(z.string()).meta({ example: ["API_ACCESS", "PRO_EXPORT"] }),
    certificate: z.string().nullable(),
    expired: z.boolean().meta({
      example: false,
      description:
        "The term's end (`license.expiresAt`) has passed, yet the license is valid by its expiry policy: in its grace period (`grace: true`), or kept valid after expiry (`expiryStrategy: maintain`, e.g. keep the installed version, stop updates).",
    }),
    grace: z.boolean().meta({
      example: false,
      description: "Past `expiresAt` and within the grace period: valid until `graceEndsAt`.",
    }),
    graceEndsAt: nullableIso.meta({
      description: "When the grace period ends (set only when `grace` is true).",
      example: null,
    }),
  })
  .meta({ id: "ValidationResult" });
export type ValidateLicenseOutput = z.infer<typeof ValidateLicenseOutput>;

export const DeactivateLicenseOutput = z.object({ released: z.boolean(), license: LicenseSummary });
export type DeactivateLicenseOutput = z.infer<typeof DeactivateLicenseOutput>;

export const LicenseIdInput = z.object({ licenseId: RecordId.meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }) });
export const ActivationIdInput = z.object({
  activationId: RecordId.meta({ example: "act_z3jfjfhvrp8ad3n5yk7v" }),
});
export const IssueCertificateInput = z.object({
  licenseId: RecordId.meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
  /** The seat the certificate names; the first live one when omitted. */
  activationId: singleLine(z.string().max(64)).optional().meta({ example: "act_z3jfjfhvrp8ad3n5yk7v" }),
});

const Reason = multiLine(z.string().max(500)).meta({ example: "Payment disputed by the customer." });

export const LicenseActionInput = z.object({
  licenseId: RecordId.meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
  reason: Reason.optional(),
});

export const RenewLicenseInput = z.object({
  licenseId: RecordId.meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
  /** Defaults to the license's current cycle. */
  durationValue: z.number().int().min(1).max(1000).optional().meta({ example: 1 }),
  durationUnit: DurationUnit.optional(),
});

export const ExtendLicenseInput = z.object({
  licenseId: RecordId.meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
  /** New expiry; null makes the license perpetual. */
  expiresAt: isoDate.nullable().meta({ example: "2027-12-31T23:59:59.000Z" }),
  reason: Reason.optional(),
});

/** `PATCH /licenses/{licenseId}`: `UpdateLicenseInput` in license-changes.ts. */

export const ListLicensesInput = z.object({
  limit: z.coerce.number<number>().int().min(1).max(100).default(20),
  cursor: singleLine(z.string().max(200)).optional(),
  status: LicenseStatus.optional(),
  customerId: singleLine(z.string().max(64)).optional(),
  productId: singleLine(z.string().max(64)).optional(),
  key: singleLine(z.string().max(256)).optional(),
});
export type ListLicensesInput = z.input<typeof ListLicensesInput>;

export const LicensePage = z
  .object({ items: z.array(License), nextCursor: z.string().nullable() })
  .meta({ id: "LicensePage" });

export const LicenseEvent = z
  .object({
    id: z.string().meta({ example: "evt_8d1q5n3k7w2m9x4c6v0b" }),
    type: z.string().meta({ example: "license.suspended" }),
    actor: z.string().meta({ example: "api:cred_5t8w2k9m4x7q1v3c6n0b" }),
    data: z
      .record(z.string(), z.unknown())
      .meta({ example: { reason: "Payment disputed by the customer." } }),
    createdAt: isoDate,
  })
  .meta({ id: "LicenseEvent" });
export type LicenseEvent = z.infer<typeof LicenseEvent>;

export const ListLicenseEventsInput = z.object({
  licenseId: RecordId.meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
  limit: z.coerce.number<number>().int().min(1).max(200).default(50),
  cursor: singleLine(z.string().max(200)).optional(),
});

export const LicenseEventPage = z.object({ items: z.array(LicenseEvent), nextCursor: z.string().nullable() });
export const LicenseEventList = z.array(LicenseEvent);

/** The console's timeline: each event also in words, with who did it (core's `describeEvent`). */
export const LicenseTimelineEntry = LicenseEvent.extend({
  description: z.string().meta({ example: "Suspended — by Asha Rao (owner)" }),
});
export const LicenseTimelinePage = z.object({
  items: z.array(LicenseTimelineEntry),
  nextCursor: z.string().nullable(),
});
export type LicenseTimelinePage = z.infer<typeof LicenseTimelinePage>;

/** `kwc1.<payload>.<signature>`: verify with `verifyCertificate` from `@keyway/client`. */
export const IssuedCertificate = z.object({
  certificate: z.string().meta({ example: "kwc1.eyJ2IjoxLCJ2ZW5kb3IiOiJkZW1vIn0.c2lnbmF0dXJl" }),
});
export type IssuedCertificate = z.infer<typeof IssuedCertificate>;

export const SigningKey = z
  .object({
    vendor: z.string().meta({ example: "demo" }),
    algorithm: z.literal("Ed25519"),
    /** Raw 32-byte public key, base64url. */
    publicKey: z.string().meta({ example: "i4hiP9BFr9l8aKswOix0ndGW3BkkgpcXHZJLi5yUhu4" }),
    /** The active key's RFC 7638 thumbprint, as in the key list and certificates' `kid`. */
    kid: z.string().meta({ example: "nC7f3uV3yM1iYF0o3xkq9Zt1lA0b0Yk3bJ3x0h0VbKc" }),
    format: z.literal("kwc1"),
  })
  .meta({ id: "SigningKey" });
export type SigningKey = z.infer<typeof SigningKey>;

/**
 * The signed facts of a license certificate: `kwc1.<base64url(JSON facts)>.<base64url(sig)>`,
 * the Ed25519 signature covering the ASCII bytes `kwc1.<base64url(JSON facts)>`.
 */
export const CertificateFacts = z.object({
  /** 2 since keys rotate (kid, exp); version 1 had neither. */
  v: z.union([z.literal(1), z.literal(2)]),
  /** The signing key's thumbprint (v2): find it in `GET /api/v1/vendors/{slug}/signing-keys`. */
  kid: z.string().optional(),
  /** Vendor slug (which public key verifies it). */
  vendor: z.string(),
  key: z.string(),
  product: z.object({ number: z.number().int(), kind: z.string(), name: z.string() }),
  binding: z.object({ kind: BindingKind, value: z.string() }).nullable(),
  status: LicenseStatus,
  expiresAt: nullableIso,
  issuedAt: isoDate,
  /** The license's entitlement codes when signed, sorted (absent from certificates signed before them). */
  entitlements: z.array(z.string()).optional(),
  /** Seconds since the epoch after which the certificate is no longer valid (v2). */
  exp: z.number().int().optional(),
  /** The air-gapped activation request's nonce (machine-bound certificates only). */
  nonce: z.string().optional(),
});
export type CertificateFacts = z.infer<typeof CertificateFacts>;
