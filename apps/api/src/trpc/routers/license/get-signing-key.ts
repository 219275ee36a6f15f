import { getVendorSigningKey } from "@keyway/core";
import { SigningKey, VendorSlugInput } from "@keyway/schema";
import { publicProcedure } from "../../procedures";

export const getSigningKeyProcedure = publicProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/vendors/{vendorSlug}/signing-key",
      tags: ["licenses"],
      errorResponses: { 404: "No such vendor" },
      summary: "A vendor's certificate public key",
      description:
        'The active key only: Ed25519, raw 32 bytes base64url, with its `kid`. Certificates are `kwc1.<base64url(JSON facts)>.<base64url(signature over "kwc1.<payload>")>`. Keys rotate: verify with the full list (`GET /vendors/{vendorSlug}/signing-keys`, `verifyCertificateWithKeys` from @keyway/client).',
      protect: false,
    },
  })
  .input(VendorSlugInput)
  .output(SigningKey)
  .query(({ ctx, input }) => getVendorSigningKey(ctx.db, ctx.secrets, input));
