import { z } from "zod";
import { Activation, LicenseSummary } from "./licensing";
import { NONCE_PATTERN } from "./nonce";

/**
 * Air-gapped activation (docs/signatures.md §4): the codes a machine that never reaches the
 * server shows, and the contracts of `POST /api/v1/licenses/offline/{activate,release}`.
 */

/** `kwar1.<base64url(JSON)>`: what the software shows to ask for a certificate. */
export const ACTIVATION_REQUEST_PREFIX = "kwar1";
/** `kwrl1.<base64url(JSON)>`: what the software shows after deleting its certificate. */
export const RELEASE_CODE_PREFIX = "kwrl1";

/** The JSON inside an activation request. */
export const ActivationRequestPayload = z.object({
  v: z.literal(1, { error: "version must be 1" }),
  key: z.string({ error: "the license key is missing" }).trim().min(1, "the license key is empty").max(256),
  fingerprint: z
    .string({ error: "the machine fingerprint is missing" })
    .trim()
    .min(1, "the machine fingerprint is empty")
    .max(256, "the machine fingerprint is longer than 256 characters"),
  nonce: z
    .string({ error: "the nonce is missing" })
    .regex(NONCE_PATTERN, "the nonce must be 1 to 128 characters of A-Z a-z 0-9 - . _ ~ + / ="),
  name: z.string().trim().max(256, "the machine name is longer than 256 characters").optional(),
});
export type ActivationRequestPayload = z.infer<typeof ActivationRequestPayload>;

/** The JSON inside a release code. */
export const ReleaseCodePayload = z.object({
  v: z.literal(1, { error: "version must be 1" }),
  certificate: z
    .string({ error: "the certificate is missing" })
    .max(16_384, "the certificate is too long")
    .startsWith("kwc1.", "the certificate must start with kwc1."),
});
export type ReleaseCodePayload = z.infer<typeof ReleaseCodePayload>;

const REQUEST_EXAMPLE =
  "kwar1.eyJ2IjoxLCJrZXkiOiJBQkNERUYxMjM0NTY3ODkwIiwiZmluZ2VycHJpbnQiOiI5ZjJjNGUxYWIzN2Q1YzA4Iiwibm9uY2UiOiI1bVMwTHIyblFiNlY4eUtKMG0xcDN3In0";
const RELEASE_EXAMPLE = "kwrl1.eyJ2IjoxLCJjZXJ0aWZpY2F0ZSI6Imt3YzEuZXlKMklqb3lmUS5jMmxuYm1GMGRYSmwifQ";

/** Whitespace is ignored (a code may be wrapped when copied); the bound keeps junk cheap. */
export const OfflineActivateInput = z.object({
  request: z
    .string({ error: "Paste the activation request." })
    .max(16_384, "The activation request is too long.")
    .meta({
      description: "The activation request the software shows: `kwar1.<base64url(JSON)>`.",
      example: REQUEST_EXAMPLE,
    }),
});
export type OfflineActivateInput = z.infer<typeof OfflineActivateInput>;

export const OfflineActivateOutput = z
  .object({
    certificate: z.string().meta({
      description:
        "A version 2 certificate bound to the request's fingerprint and carrying its nonce: paste it into the software, which verifies it offline.",
      example: "kwc1.eyJ2IjoyLCJiaW5kaW5nIjp7fX0.c2lnbmF0dXJl",
    }),
    license: LicenseSummary,
    /** The seat the machine holds (the same one again when it was already activated). */
    activation: Activation,
  })
  .meta({ id: "OfflineActivation" });
export type OfflineActivateOutput = z.infer<typeof OfflineActivateOutput>;

export const OfflineReleaseInput = z.object({
  release: z.string({ error: "Paste the release code." }).max(32_768, "The release code is too long.").meta({
    description: "The release code the software shows: `kwrl1.<base64url(JSON)>`.",
    example: RELEASE_EXAMPLE,
  }),
});
export type OfflineReleaseInput = z.infer<typeof OfflineReleaseInput>;

/** Why a release code freed nothing. */
export const OfflineReleaseRefusal = z.enum(["already_free", "stale"]).meta({
  description:
    "`already_free`: the machine holds no seat of the license (the code was used already, or the seat was released another way). `stale`: the machine's seat was taken again after the certificate in the code was issued; use the release code of the newest certificate.",
  example: "already_free",
});
export type OfflineReleaseRefusal = z.infer<typeof OfflineReleaseRefusal>;

export const OfflineReleaseOutput = z
  .object({
    released: z.boolean().meta({ example: true }),
    /** Why nothing was freed (null when the seat was freed). */
    reason: OfflineReleaseRefusal.nullable(),
    message: z
      .string()
      .meta({ example: "The seat is free: the license can be activated on another machine." }),
    license: LicenseSummary,
  })
  .meta({ id: "OfflineRelease" });
export type OfflineReleaseOutput = z.infer<typeof OfflineReleaseOutput>;
