import { activationView, heartbeatSeat } from "@keyway/core";
import { HeartbeatLicenseInput, HeartbeatLicenseOutput } from "@keyway/schema";
import type { AppDeps } from "../../../deps";
import { scopeOf, verificationProcedure } from "./verification";

export async function runHeartbeatLicense(
  deps: AppDeps,
  input: HeartbeatLicenseInput,
  onVendor?: (vendorId: string) => void,
): Promise<HeartbeatLicenseOutput> {
  const scope = scopeOf(input);
  if (!scope) throw new Error("heartbeat: the input schema requires a scope");
  const beat = await heartbeatSeat(deps.db, { key: input.key, scope });
  onVendor?.(beat.snapshot.vendor.id);
  return {
    alive: true,
    activation: beat.activation ? activationView(beat.activation) : null,
    binding: beat.development ? "development" : "seat",
    seatMode: beat.snapshot.product.seatMode,
    heartbeatSeconds: beat.snapshot.product.heartbeatSeconds,
    nextHeartbeatBy: beat.nextHeartbeatBy?.toISOString() ?? null,
  };
}

export const heartbeatLicenseProcedure = verificationProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/heartbeat",
      tags: ["licenses"],
      errorResponses: {
        400: "Malformed input or key, or an invalid nonce (`invalid_nonce`)",
        403: "Expired, suspended, revoked or pending (`data.code`)",
        404: "Unknown key",
        409: "`seat_dead`: the seat missed its heartbeat window; `not_activated`: no seat here (activate again)",
        429: "Rate limited (Retry-After)",
      },
      summary: "Keep a floating seat alive",
      description:
        'Send every few minutes from a machine holding a seat of a `floating` product (give the same domain, serial or fingerprint it activated with): the seat stays alive until `nextHeartbeatBy`. A seat that missed its window is dead — it no longer counts and `activation.dead` is sent — and answers 409 `seat_dead`; a value that holds no seat answers 409 `not_activated`. Either way, activate again (`POST /licenses/activate`), which succeeds if a seat is free. Node-locked seats accept heartbeats too (`nextHeartbeatBy: null`); development domains hold no seat (`binding: "development"`).',
      protect: false,
    },
  })
  .input(HeartbeatLicenseInput)
  .output(HeartbeatLicenseOutput)
  .mutation(({ ctx, input }) => runHeartbeatLicense(ctx, input));
