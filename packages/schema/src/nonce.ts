import { z } from "zod";

/**
 * A verification request's nonce (docs/signatures.md §2): 1–128 characters of
 * `A-Z a-z 0-9 - . _ ~ + / =`, sent as the `X-Keyway-Nonce` header on every surface or the
 * `nonce` body field of the native routes, and echoed inside the signed answer.
 */
export const NONCE_PATTERN = /^[A-Za-z0-9\-._~+/=]{1,128}$/;

/** The request header that carries a nonce on every surface. */
export const NONCE_HEADER = "x-keyway-nonce";

export function isNonce(value: unknown): value is string {
  return typeof value === "string" && NONCE_PATTERN.test(value);
}

export const Nonce = z.string().regex(NONCE_PATTERN).meta({
  description:
    "Echoed inside the answer's `Keyway-Signature` (docs/signatures.md §2): a fresh random value per request (16 bytes, base64url), 1–128 characters of `A-Z a-z 0-9 - . _ ~ + / =`. The same as the `X-Keyway-Nonce` header when both are sent.",
  example: "5mS0Lr2nQb6V8yKJ0m1p3w",
});
