import { retireSigningKey } from "@keyway/core";
import { SigningKeyIdInput, SigningKeyList } from "@keyway/schema";
import { ownerOrCredentialProcedure } from "../../procedures";

export const retireSigningKeyProcedure = ownerOrCredentialProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/signing-keys/{kid}/retire",
      tags: ["licenses"],
      summary: "Retire a rotated signing key",
      description:
        "What the key signed stops verifying. Only a `rotated` key can be retired (rotate first to retire the active one); retiring a retired key changes nothing. Answers the key list.",
      errorResponses: {
        401: "Missing or invalid API credentials",
        403: "A member's console session: only an owner (or an API credential) changes signing keys",
        404: "No key with this kid for this vendor",
        409: "The key is the active one, or revoked",
      },
    },
  })
  .input(SigningKeyIdInput)
  .output(SigningKeyList)
  .mutation(({ ctx, input }) =>
    retireSigningKey(ctx.db, { vendorId: ctx.vendor.vendorId, kid: input.kid, actor: ctx.vendor.actor }),
  );
