import { formatLocalDate, formatLocalDateTime, getLicenseByKey, statusUnderPolicy } from "@keyway/core";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../deps";
import { acceptNonce, INVALID_NONCE_MESSAGE, markSigningVendor } from "../../http/answer-signing";
import { biznoqError } from "./envelope";
import { biznoqVendorOf } from "./plugin";

/**
 * `GET /api/purchase/status/:licenseKey` (seed 000, "Verify License Key"). Only the calling
 * vendor's licenses are visible: another vendor's key answers 404 in the Biznoq envelope.
 *
 * `status`: `verified` (active, or past its expiry yet valid by its expiry policy: in grace, or
 * `maintain`), `pending` (awaiting payment), `expired`, `suspended`, `revoked`.
 * `activatedAt` is `YYYY-MM-DD HH:mm:ss` and `expiresAt` `YYYY-MM-DD`, in the vendor's time
 * zone (null when not activated / perpetual). `serialNo` is the first live seat as the client
 * sent it (`B-12345678`), null when unbound.
 */
const biznoqStatus = {
  active: "verified",
  pending: "pending",
  expired: "expired",
  suspended: "suspended",
  revoked: "revoked",
} as const;

export function purchaseStatusRoute(app: FastifyInstance, deps: AppDeps) {
  // A wildcard, not `:licenseKey`: Fastify drops params over 100 characters to the global 404,
  // and an over-long key must still get the Biznoq envelope.
  app.get<{ Params: { "*": string } }>("/api/purchase/status/*", async (request, reply) => {
    const vendor = biznoqVendorOf(request);
    // Every answer, refusals too, is signed by the calling vendor's key (http/answer-signing.ts).
    markSigningVendor(request, vendor.vendorId);
    if (!acceptNonce(request)) return biznoqError(reply, 400, INVALID_NONCE_MESSAGE);
    const now = new Date();
    const { snapshot } = await getLicenseByKey(deps.db, {
      key: request.params["*"],
      vendorId: vendor.vendorId,
      now,
    });
    const tz = snapshot.vendor.timezone;
    const seat = snapshot.activations[0];
    return {
      success: true,
      license: {
        licenseKey: snapshot.license.key,
        addonName: snapshot.product.name,
        addonVersion: snapshot.product.version,
        serialNo: seat ? (seat.label ?? seat.value) : null,
        status: biznoqStatus[statusUnderPolicy(snapshot, now)],
        activatedAt: snapshot.license.activatedAt
          ? formatLocalDateTime(snapshot.license.activatedAt, tz)
          : null,
        expiresAt: snapshot.license.expiresAt ? formatLocalDate(snapshot.license.expiresAt, tz) : null,
      },
    };
  });
}
