import { reissueLicenseKey, withIdempotency } from "@keyway/core";
import { License, ReissueLicenseKeyInput } from "@keyway/schema";
import { idempotencyKeyOf } from "../../../http/headers";
import { vendorProcedure } from "../../procedures";

/** The vendor gives a license a new key (the old one stops verifying at once). Honours `Idempotency-Key`. */
export const reissueLicenseKeyProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/{licenseId}/reissue-key",
      tags: ["licenses"],
      errorResponses: {
        400: "Malformed body",
        401: "Missing or invalid API credentials",
        403: "Revoked",
        404: "No such license for this vendor",
        409: "The Idempotency-Key was reused with another body (`idempotency_conflict`)",
      },
      summary: "Reissue a license's key",
      description:
        "Gives the license a new key in its product's key format; the old key stops verifying at once, on every server. Seats, subscription, expiry and history stay with the license. Answers the license with its new key (keep it: events and webhooks show only its last 4 characters). Sends `license.key_reissued` with `old_key_last4` and `new_key_last4`. Send an `Idempotency-Key` header to make retries safe: the same key and body replay the first answer (the same new key) for 24 h.",
    },
  })
  .input(ReissueLicenseKeyInput)
  .output(License)
  .mutation(async ({ ctx, input }) => {
    const answer = await withIdempotency(
      ctx.db,
      {
        vendorId: ctx.vendor.vendorId,
        scope: "license.reissue_key",
        key: idempotencyKeyOf(ctx.headers),
        body: input,
      },
      async () => ({
        statusCode: 200,
        body: await reissueLicenseKey(ctx.db, {
          vendorId: ctx.vendor.vendorId,
          licenseId: input.licenseId,
          reason: input.reason,
          actor: ctx.vendor.actor,
          messages: ctx.messages,
        }),
      }),
    );
    // Parsed from the stored text, first time and replay alike, so a replay sends the same bytes.
    return JSON.parse(answer.body) as License;
  });
