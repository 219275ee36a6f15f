import { revokeSigningKey } from "@keyway/core";
import { SigningKeyIdInput, SigningKeyList } from "@keyway/schema";
import { ownerOrCredentialProcedure } from "../../procedures";

export const revokeSigningKeyProcedure = ownerOrCredentialProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/signing-keys/{kid}/revoke",
      tags: ["licenses"],
      summary: "Revoke a signing key (compromised)",
      description:
        "At once, nothing the key signed verifies any more. Revoking the active key makes a new active key in the same step. Revoking twice changes nothing. Answers the key list.",
      errorResponses: {
        401: "Missing or invalid API credentials",
        403: "A member's console session: only an owner (or an API credential) changes signing keys",
        404: "No key with this kid for this vendor",
      },
    },
  })
  .input(SigningKeyIdInput)
  .output(SigningKeyList)
  .mutation(({ ctx, input }) =>
    revokeSigningKey(ctx.db, ctx.secrets, {
      vendorId: ctx.vendor.vendorId,
      kid: input.kid,
      actor: ctx.vendor.actor,
    }),
  );
