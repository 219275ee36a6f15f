import { deactivateSeat, licenseSummaryView } from "@keyway/core";
import { AuditActor, DeactivateLicenseInput, DeactivateLicenseOutput } from "@keyway/schema";
import type { AppDeps } from "../../../deps";
import { scopeOf, verificationProcedure } from "./verification";

export async function runDeactivateLicense(
  deps: AppDeps,
  input: DeactivateLicenseInput,
  onVendor?: (vendorId: string) => void,
): Promise<DeactivateLicenseOutput> {
  const scope = scopeOf(input);
  if (!scope) throw new Error("deactivate: the input schema requires a scope");
  const out = await deactivateSeat(deps.db, { key: input.key, scope, actor: AuditActor.licenseKey });
  onVendor?.(out.snapshot.vendor.id);
  return { released: out.released, license: licenseSummaryView(out.snapshot) };
}

export const deactivateLicenseProcedure = verificationProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/deactivate",
      tags: ["licenses"],
      errorResponses: {
        400: "Malformed input or key, or an invalid nonce (`invalid_nonce`)",
        404: "Unknown key",
        429: "Rate limited (Retry-After)",
      },
      summary: "Release a seat",
      description:
        "Frees the seat bound to this domain, serial number or fingerprint. `released: false` when none was bound.",
      protect: false,
    },
  })
  .input(DeactivateLicenseInput)
  .output(DeactivateLicenseOutput)
  .mutation(({ ctx, input }) => runDeactivateLicense(ctx, input));
