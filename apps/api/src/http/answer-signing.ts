import { hash, type KeyObject } from "node:crypto";
import { heldVendorSigner, vendorSigner } from "@keyway/core";
import { isNonce, NONCE_HEADER } from "@keyway/schema";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppDeps } from "../deps";
import { signOnThread } from "./answer-signer-thread";
import type { Failure } from "./failure";

/**
 * Signed verification answers (docs/signatures.md §2). A verification route marks the vendor its
 * answer is about (`markSigningVendor`, success or refusal) and checks the request's nonce
 * (`acceptNonce`); one root `onSend` hook then signs the exact bytes sent with the vendor's
 * active key: `Date`, `Digest: sha-256=<base64>` and `Keyway-Signature` over
 *
 *   (request-target): <method> <path?query>\nhost: <Host>\ndate: <Date>\ndigest: <Digest>\nkeyway-nonce: <nonce>
 *
 * One SHA-256 and one Ed25519 signature per answer, the signature made on a thread of its own
 * (answer-signer-thread.ts); the signer is cached in process (core's vendorSigner). An unmarked
 * answer (no vendor known) goes out unsigned.
 */

declare module "fastify" {
  interface FastifyRequest {
    /** The vendor whose key signs this request's answer (null: unsigned). */
    signingVendorId: string | null;
    /** The nonce the request carried, once `acceptNonce` checked it. */
    keywayNonce: string | null;
  }
}

export const SIGNED_HEADERS = "(request-target) host date digest keyway-nonce";

/** The header that names the signature, in answers and in /openapi.json. */
export const SIGNATURE_HEADER = "keyway-signature";

/**
 * Marks the vendor whose key signs this request's answer: a success's license, or a refusal's
 * (core names it on refusals about a license that exists: DomainError.vendorId).
 */
export function markSigningVendor(request: FastifyRequest, vendorId: string | null | undefined): void {
  request.signingVendorId = vendorId ?? null;
}

/**
 * Checks the request's nonce: the `X-Keyway-Nonce` header and, on the native routes, the body's
 * `nonce` (both may be sent; they must agree). False: answer `invalidNonceFailure` (400).
 */
export function acceptNonce(request: FastifyRequest, bodyNonce?: unknown): boolean {
  const raw = request.headers[NONCE_HEADER];
  if (raw !== undefined && !isNonce(raw)) return false;
  const header = raw as string | undefined;
  if (bodyNonce !== undefined && (!isNonce(bodyNonce) || (header !== undefined && header !== bodyNonce))) {
    return false;
  }
  request.keywayNonce = header ?? (bodyNonce as string | undefined) ?? null;
  return true;
}

export const INVALID_NONCE_MESSAGE =
  "invalid_nonce: a nonce is 1-128 characters of A-Z a-z 0-9 - . _ ~ + / =, and the X-Keyway-Nonce header and the body's nonce must agree.";

export const invalidNonceFailure: Failure = {
  status: 400,
  code: "invalid_nonce",
  message: INVALID_NONCE_MESSAGE,
};

/** Registers the signing hook on the root instance (before the surfaces, which inherit it). */
export function registerAnswerSigning(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest("signingVendorId", null);
  app.decorateRequest("keywayNonce", null);
  app.addHook("onSend", (request, reply, payload, done) => {
    const vendorId = request.signingVendorId;
    if (!vendorId) return done(null, payload);
    const body = bodyOf(payload);
    if (body === null) return done(null, payload);
    // The signer is held after the vendor's first answer: no read to wait for then. (The
    // callbacks stay inline: the server runs under tsx, which names every function bound to a
    // const, once per call here.)
    const held = heldVendorSigner(vendorId);
    const signing = held
      ? signAnswer(request, reply, body, held)
      : vendorSigner(deps.db, deps.secrets, vendorId).then((signer) =>
          signAnswer(request, reply, body, signer),
        );
    signing.then(
      () => done(null, payload),
      (err: unknown) => {
        // An answer is never lost to signing: it goes out unsigned, and the cause is logged.
        request.log.error({ err }, "answer signing failed");
        done(null, payload);
      },
    );
  });
}

/** The exact bytes an answer sends, as a string or a Buffer (digested as they are, not copied). */
function bodyOf(payload: unknown): string | Buffer | null {
  if (typeof payload === "string" || Buffer.isBuffer(payload)) return payload;
  if (payload === null || payload === undefined) return "";
  return null; // a stream: no verification answer is one
}

async function signAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  body: string | Buffer,
  signer: { kid: string; privateKey: KeyObject },
): Promise<void> {
  const date = httpDate();
  const digest = digestHeader(body);
  const nonce = request.keywayNonce ?? validHeaderNonce(request) ?? "";
  const message = signingString({
    method: request.method,
    target: request.url,
    host: request.headers.host ?? "",
    date,
    digest,
    nonce,
  });
  const signature = await signOnThread(signer.kid, signer.privateKey, message);
  reply.header("date", date);
  reply.header("digest", digest);
  reply.header(
    SIGNATURE_HEADER,
    `keyid="${signer.kid}", algorithm="ed25519", headers="${SIGNED_HEADERS}", signature="${signature}"`,
  );
}

/** Now as an HTTP date (whole seconds), made once a second rather than once an answer. */
let dateSecond = -1;
let dateText = "";
export function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/** A route that did not call acceptNonce still echoes a well-formed header nonce. */
function validHeaderNonce(request: FastifyRequest): string | null {
  const header = request.headers[NONCE_HEADER];
  return isNonce(header) ? header : null;
}

/** The `Digest` header of an answer's exact bytes (one-shot `crypto.hash`: no Hash object to build). */
export function digestHeader(body: Buffer | string): string {
  return `sha-256=${hash("sha256", body, "base64")}`;
}

/** The five lines of docs/signatures.md §2, joined by `\n`. */
export function signingString(parts: {
  method: string;
  target: string;
  host: string;
  date: string;
  digest: string;
  nonce: string;
}): string {
  return [
    `(request-target): ${parts.method.toLowerCase()} ${parts.target}`,
    `host: ${parts.host}`,
    `date: ${parts.date}`,
    `digest: ${parts.digest}`,
    `keyway-nonce: ${parts.nonce}`,
  ].join("\n");
}
