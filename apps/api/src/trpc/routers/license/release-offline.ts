import { releaseOffline } from "@keyway/core";
import { OfflineReleaseInput, OfflineReleaseOutput } from "@keyway/schema";
import type { AppDeps } from "../../../deps";
import { verificationProcedure } from "./verification";

/**
 * The REST route (plugins/offline-activation.ts) and the procedure run this; `onVendor` learns
 * the vendor whose key signs the answer.
 */
export async function runReleaseOffline(
  deps: AppDeps,
  input: OfflineReleaseInput,
  onVendor?: (vendorId: string) => void,
): Promise<OfflineReleaseOutput> {
  const { vendorId, ...answer } = await releaseOffline(deps.db, { release: input.release });
  onVendor?.(vendorId);
  return answer;
}

export const releaseOfflineProcedure = verificationProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/offline/release",
      tags: ["licenses"],
      errorResponses: {
        400: "The release code is malformed (`data.details.reason`)",
        403: "The certificate in the release code was not signed by a key of the vendor that is not revoked",
        404: "Unknown key",
        429: "Rate limited (Retry-After)",
      },
      summary: "Release an air-gapped machine's seat",
      description:
        "The reverse of POST /licenses/offline/activate (docs/signatures.md §4): the release code carries the machine's certificate; once its signature checks out (any of the vendor's keys not revoked), the seat bound to its fingerprint is freed, with the events of a deactivation. A code that frees nothing answers `released: false` and why: `already_free` (used before, or the seat was released another way) or `stale` (the machine was activated again after the certificate was issued).",
      protect: false,
    },
  })
  .input(OfflineReleaseInput)
  .output(OfflineReleaseOutput)
  .mutation(({ ctx, input }) => runReleaseOffline(ctx, input));
