import { activateOffline, resolveCustomerSession } from "@keyway/core";
import { OfflineActivateInput, OfflineActivateOutput } from "@keyway/schema";
import type { AppDeps } from "../../../deps";
import { verificationProcedure } from "./verification";

/**
 * The REST route (plugins/offline-activation.ts) and the procedure run this; `onVendor` learns
 * the vendor whose key signs the answer.
 */
export async function runActivateOffline(
  deps: AppDeps,
  input: OfflineActivateInput,
  options: { customerId?: string | undefined; onVendor?: (vendorId: string) => void } = {},
): Promise<OfflineActivateOutput> {
  const { vendorId, ...answer } = await activateOffline(deps.db, deps.secrets, {
    request: input.request,
    customerId: options.customerId,
  });
  options.onVendor?.(vendorId);
  return answer;
}

export const activateOfflineProcedure = verificationProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/offline/activate",
      tags: ["licenses"],
      errorResponses: {
        400: "The activation request is malformed (`data.details.reason`), or the license binds to something other than a machine fingerprint",
        403: "Expired, suspended, revoked or pending",
        404: "Unknown key",
        409: "Every seat is in use",
        429: "Rate limited (Retry-After)",
      },
      summary: "Activate a machine air-gapped",
      description:
        "For a machine that never reaches the server (docs/signatures.md §4): takes a seat for the activation request's fingerprint exactly as POST /licenses/activate does (idempotent for a machine already activated: the same seat, a fresh certificate), and answers a version 2 certificate bound to that fingerprint carrying the request's nonce, which the software verifies offline. The key inside the request is the credential.",
      protect: false,
    },
  })
  .input(OfflineActivateInput)
  .output(OfflineActivateOutput)
  .mutation(async ({ ctx, input }) => {
    // A signed-in portal customer activates only their own licenses; anyone else, with the key.
    const customer = ctx.sessionToken ? await resolveCustomerSession(ctx.db, ctx.sessionToken) : null;
    return runActivateOffline(ctx, input, { customerId: customer?.customerId });
  });
