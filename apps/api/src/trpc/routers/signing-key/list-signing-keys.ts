import { listSigningKeys } from "@keyway/core";
import { SigningKeyList, VendorSlugInput } from "@keyway/schema";
import { publicProcedure } from "../../procedures";

export const listSigningKeysProcedure = publicProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/vendors/{vendorSlug}/signing-keys",
      tags: ["licenses"],
      errorResponses: { 404: "No such vendor" },
      summary: "A vendor's signing keys (JWKS-style)",
      description:
        "Every Ed25519 key the vendor has signed with, newest first, as JWKs (`kty` OKP, `crv` Ed25519, `x` the raw public key base64url) with `kid` (RFC 7638 thumbprint), `status` and dates. Trust a signature only when its `kid` is listed as `active` or `rotated`; `retired` and `revoked` keys verify nothing. See docs/signatures.md.",
      protect: false,
    },
  })
  .input(VendorSlugInput)
  .output(SigningKeyList)
  .query(({ ctx, input }) => listSigningKeys(ctx.db, ctx.secrets, input));
