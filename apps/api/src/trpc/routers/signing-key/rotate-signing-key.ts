import { rotateSigningKey } from "@keyway/core";
import { RotateSigningKeyInput, SigningKeyList } from "@keyway/schema";
import { ownerOrCredentialProcedure } from "../../procedures";

export const rotateSigningKeyProcedure = ownerOrCredentialProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/signing-keys/rotate",
      tags: ["licenses"],
      summary: "Rotate the signing key",
      description:
        "A new key signs certificates and answers from now on; the previous active key becomes `rotated`: it signs nothing new, but what it signed still verifies until it is retired. Answers the key list.",
      errorResponses: {
        401: "Missing or invalid API credentials",
        403: "A member's console session: only an owner (or an API credential) changes signing keys",
      },
    },
  })
  .input(RotateSigningKeyInput)
  .output(SigningKeyList)
  .mutation(({ ctx }) =>
    rotateSigningKey(ctx.db, ctx.secrets, { vendorId: ctx.vendor.vendorId, actor: ctx.vendor.actor }),
  );
