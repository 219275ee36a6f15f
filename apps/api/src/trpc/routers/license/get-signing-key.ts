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
        'Ed25519, raw 32 bytes base64url. Certificates are `kwc1.<base64url(JSON facts)>.<base64url(signature over "kwc1.<payload>")>`; check them offline with `verifyCertificate` from @keyway/client.',
      protect: false,
    },
  })
  .input(VendorSlugInput)
  .output(SigningKey)
  .query(({ ctx, input }) => getVendorSigningKey(ctx.db, ctx.secrets, input));
