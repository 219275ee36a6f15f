import { validateLicense } from "@keyway/core";
import { AuditActor, ValidateLicenseInput, ValidateLicenseOutput } from "@keyway/schema";
import type { AppDeps } from "../../../deps";
import { certificateOption, scopeOf, verificationAnswer, verificationProcedure } from "./verification";

export async function runValidateLicense(
  deps: AppDeps,
  input: ValidateLicenseInput,
  onVendor?: (vendorId: string) => void,
): Promise<ValidateLicenseOutput> {
  const outcome = await validateLicense(deps.db, {
    key: input.key,
    scope: scopeOf(input),
    certificate: certificateOption(deps, input.certificate),
    entitlements: input.entitlements,
    actor: AuditActor.licenseKey,
  });
  onVendor?.(outcome.snapshot.vendor.id);
  return verificationAnswer(outcome);
}

export const validateLicenseProcedure = verificationProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/validate",
      tags: ["licenses"],
      errorResponses: {
        400: "Malformed input or key, or an invalid nonce (`invalid_nonce`)",
        403: "Expired, suspended, revoked, pending, bound elsewhere, or lacking a required entitlement (`data.code`; `entitlements_missing` names them in `data.details.missing`)",
        404: "Unknown key",
        409: "`seat_dead`: a floating seat that missed its heartbeat window (activate again)",
        429: "Rate limited (Retry-After)",
      },
      summary: "Validate a license key",
      description:
        'The key is the credential. Give the domain, serial number or machine fingerprint where it is used: the first validation of an unbound license binds it. `certificate: true` adds a signed certificate (see GET /vendors/{vendorSlug}/signing-key). The answer lists the license\'s `entitlements`; `entitlements: ["PRO_EXPORT"]` in the body requires them (403 `entitlements_missing`). Rate limited per IP and per key (429 with Retry-After).',
      protect: false,
    },
  })
  .input(ValidateLicenseInput)
  .output(ValidateLicenseOutput)
  .mutation(({ ctx, input }) => runValidateLicense(ctx, input));
