import { NONCE_PATTERN } from "@keyway/schema";
import { SIGNED_HEADERS } from "../http/answer-signing";

/**
 * Signed answers in /openapi.json (docs/signatures.md §2): every verification operation takes the
 * optional `X-Keyway-Nonce` request header, and each of its answers documents the `Date`,
 * `Digest` and `Keyway-Signature` headers. Keys are the document's (native and JFramework paths
 * relative to /api/v1; Blenddoit and Biznoq at the root).
 */
export const SIGNED_OPERATIONS: readonly (readonly [path: string, method: "get" | "post"])[] = [
  ["/licenses/validate", "post"],
  ["/licenses/activate", "post"],
  ["/licenses/deactivate", "post"],
  ["/licenses/heartbeat", "post"],
  ["/licenses/offline/activate", "post"],
  ["/licenses/offline/release", "post"],
  ["/api/verify-license.php", "post"],
  ["/api/purchase/status/{licenseKey}", "get"],
  ["/licenses/check", "get"],
];

const SCHEME =
  'Signed answers (docs/signatures.md §2, README "Signed answers"): Ed25519 by the vendor\'s active key (`GET /api/v1/vendors/{vendorSlug}/signing-keys`), over five lines joined by `\\n`: `(request-target): <method lower case> <path?query>`, `host: <Host>`, `date: <Date>`, `digest: <Digest>`, `keyway-nonce: <nonce or nothing>`.';

export const nonceParameter = {
  name: "X-Keyway-Nonce",
  in: "header",
  required: false,
  description: `A fresh random value per request (16 bytes, base64url), echoed inside the answer's signature so that an answer cannot be replayed to another request. 1–128 characters of \`A-Z a-z 0-9 - . _ ~ + / =\`; anything else (or, on the native routes, a body \`nonce\` that differs) is a 400 \`invalid_nonce\` in the route's own envelope. ${SCHEME}`,
  schema: {
    type: "string",
    pattern: NONCE_PATTERN.source,
    maxLength: 128,
    example: "5mS0Lr2nQb6V8yKJ0m1p3w",
  },
};

export const signatureHeaders = {
  Date: {
    description:
      "When the answer was signed (IMF-fixdate), as signed. A verifier refuses one more than 300 s from its clock (`stale`).",
    schema: { type: "string", example: "Mon, 30 Nov 2026 16:08:15 GMT" },
  },
  Digest: {
    description:
      "`sha-256=` and the standard base64 (padded) of the SHA-256 of the body's bytes exactly as sent.",
    schema: { type: "string", example: "sha-256=827Op2un8OT9KJuN1siRs5h6mxjrUh4LJag66dQjnIM=" },
  },
  "Keyway-Signature": {
    description: `Present when the answer is about a vendor's license (or the calling vendor's): \`keyid="<kid>", algorithm="ed25519", headers="${SIGNED_HEADERS}", signature="<standard base64 of the 64-byte signature>"\`. ${SCHEME}`,
    schema: {
      type: "string",
      example: `keyid="nC7f3uV3yM1iYF0o3xkq9Zt1lA0b0Yk3bJ3x0h0VbKc", algorithm="ed25519", headers="${SIGNED_HEADERS}", signature="…"`,
    },
  },
};

interface Operation {
  parameters?: { name?: string; in?: string }[];
  responses?: Record<string, { headers?: Record<string, unknown> }>;
}

/** The document with the nonce header and the signature headers on every signed operation. */
export function withSignatureHeaders<T>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, Operation | undefined>> }).paths ?? {};
  for (const [path, method] of SIGNED_OPERATIONS) {
    const operation = paths[path]?.[method];
    if (!operation) continue;
    const parameters = operation.parameters ?? [];
    if (!parameters.some((p) => p.in === "header" && p.name?.toLowerCase() === "x-keyway-nonce")) {
      operation.parameters = [...parameters, nonceParameter];
    }
    for (const response of Object.values(operation.responses ?? {})) {
      response.headers = { ...response.headers, ...signatureHeaders };
    }
  }
  return document;
}
