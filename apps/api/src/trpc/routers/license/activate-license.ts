import { activateSeat } from "@keyway/core";
import { ActivateLicenseInput, AuditActor, ValidateLicenseOutput } from "@keyway/schema";
import type { AppDeps } from "../../../deps";
import { certificateOption, scopeOf, verificationAnswer, verificationProcedure } from "./verification";

export async function runActivateLicense(
  deps: AppDeps,
  input: ActivateLicenseInput,
  onVendor?: (vendorId: string) => void,
): Promise<ValidateLicenseOutput> {
  const scope = scopeOf(input);
  if (!scope) throw new Error("activate: the input schema requires a scope");
  const outcome = await activateSeat(deps.db, {
    key: input.key,
    scope,
    certificate: certificateOption(deps, input.certificate),
    entitlements: input.entitlements,
    actor: AuditActor.licenseKey,
  });
  onVendor?.(outcome.snapshot.vendor.id);
  return verificationAnswer(outcome);
}

export const activateLicenseProcedure = verificationProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/activate",
      tags: ["licenses"],
      errorResponses: {
        400: "Malformed input or key, or an invalid nonce (`invalid_nonce`)",
        403: "Expired, suspended, revoked, pending, or lacking a required entitlement (`data.code`; `entitlements_missing` names them in `data.details.missing`)",
        404: "Unknown key",
        409: "Every seat is in use",
        429: "Rate limited (Retry-After)",
      },
      summary: "Activate a seat",
      description:
        'Takes a seat of the license for one domain, serial number or fingerprint (idempotent for a value already bound). 409 `seat_limit_reached` when every seat is in use (a floating seat past its heartbeat window is free: see POST /licenses/heartbeat). Development and staging domains (localhost, private IPs, *.local, *.test, *.localhost, staging.*, dev.*, the product\'s own patterns) verify without taking a seat: `binding: "development"`.',
      protect: false,
    },
  })
  .input(ActivateLicenseInput)
  .output(ValidateLicenseOutput)
  .mutation(({ ctx, input }) => runActivateLicense(ctx, input));
