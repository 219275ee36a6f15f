import { ed25519 } from "@noble/curves/ed25519.js";

/**
 * Checks a signed verification answer (docs/signatures.md §2), in Node and in browsers (WebCrypto
 * SHA-256, noble Ed25519; no Node APIs). The answer counts only if it was signed by a key of the
 * vendor's list that is `active` or `rotated`, over the request this verifier made (its method,
 * path with query, Host and nonce), the answer's `Date` and `Digest`, and the body's SHA-256.
 */

/** One key of `GET /api/v1/vendors/{slug}/signing-keys` (the fields a verifier reads). */
export interface AnswerSigningKey {
  kid: string;
  /** The raw 32-byte Ed25519 public key, base64url without padding. */
  x: string;
  status: "active" | "rotated" | "retired" | "revoked" | (string & {});
}

/** The key list document (JWKS-style). */
export interface SigningKeyList {
  vendor?: string;
  keys: readonly AnswerSigningKey[];
}

export type AnswerRefusal =
  | "unsigned"
  | "malformed"
  | "unknown_key"
  | "untrusted_key"
  | "bad_digest"
  | "bad_signature"
  | "stale";

export type AnswerCheck = { valid: true; kid: string } | { valid: false; reason: AnswerRefusal };

type HeaderValue = string | null | undefined;

export interface VerifyAnswerParams {
  /** The request this verifier made. */
  method: string;
  /** The path with its query string, exactly as requested (`/api/v1/licenses/validate`). */
  path: string;
  /** The `Host` header the request carried (`keyway.example.com`, with `:port` when not the default). */
  host: string;
  /** The nonce the request sent (header or body), if any. */
  nonce?: string | null;
  /** The answer's headers: a plain object or a fetch `Headers`. */
  headers:
    | { date?: HeaderValue; digest?: HeaderValue; "keyway-signature"?: HeaderValue }
    | { get(name: string): string | null };
  /** The answer's body, exactly as received (bytes, or the text of a UTF-8 body). */
  body: string | Uint8Array;
  keys: SigningKeyList;
  now?: Date;
  /** How far `Date` may be from `now` (default 300 s). */
  maxSkewSeconds?: number;
}

export const SIGNED_ANSWER_HEADERS = "(request-target) host date digest keyway-nonce";

/** Refuses with the first reason of docs/signatures.md §2 that applies, or answers the signing kid. */
export async function verifyAnswer(params: VerifyAnswerParams): Promise<AnswerCheck> {
  const header = (name: "date" | "digest" | "keyway-signature") => {
    const h = params.headers;
    const value =
      "get" in h && typeof h.get === "function" ? h.get(name) : (h as Record<string, HeaderValue>)[name];
    return typeof value === "string" ? value : null;
  };
  const signatureHeader = header("keyway-signature");
  if (signatureHeader === null) return refuse("unsigned");

  const fields = parseSignatureHeader(signatureHeader);
  const date = header("date");
  const digest = header("digest");
  const signature = fields?.signature === undefined ? null : fromBase64(fields.signature);
  const signedAt = date === null ? Number.NaN : Date.parse(date);
  if (
    !fields?.keyid ||
    fields.algorithm !== "ed25519" ||
    fields.headers !== SIGNED_ANSWER_HEADERS ||
    signature?.length !== 64 ||
    date === null ||
    digest === null ||
    Number.isNaN(signedAt)
  ) {
    return refuse("malformed");
  }

  const key = params.keys.keys.find((k) => k.kid === fields.keyid);
  if (!key) return refuse("unknown_key");
  if (key.status !== "active" && key.status !== "rotated") return refuse("untrusted_key");

  const body = typeof params.body === "string" ? new TextEncoder().encode(params.body) : params.body;
  const hash = new Uint8Array(
    await globalThis.crypto.subtle.digest("SHA-256", body as Uint8Array<ArrayBuffer>),
  );
  if (digest !== `sha-256=${toBase64(hash)}`) return refuse("bad_digest");

  const message = new TextEncoder().encode(
    [
      `(request-target): ${params.method.toLowerCase()} ${params.path}`,
      `host: ${params.host}`,
      `date: ${date}`,
      `digest: ${digest}`,
      `keyway-nonce: ${params.nonce ?? ""}`,
    ].join("\n"),
  );
  const publicKey = fromBase64Url(key.x);
  let ok = false;
  try {
    ok = publicKey?.length === 32 && ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    ok = false;
  }
  if (!ok) return refuse("bad_signature");

  const now = (params.now ?? new Date()).getTime();
  if (Math.abs(now - signedAt) > (params.maxSkewSeconds ?? 300) * 1000) return refuse("stale");
  return { valid: true, kid: key.kid };
}

function refuse(reason: AnswerRefusal): AnswerCheck {
  return { valid: false, reason };
}

/** `name="value"` pairs separated by commas (optional spaces after each); null when it does not parse. */
function parseSignatureHeader(value: string): Record<string, string> | null {
  const fields: Record<string, string> = {};
  for (const part of value.split(",")) {
    const match = /^\s*([A-Za-z]+)="([^"]*)"\s*$/.exec(part);
    if (!match?.[1] || match[2] === undefined) return null;
    const name = match[1].toLowerCase();
    if (name in fields) return null;
    fields[name] = match[2];
  }
  return fields;
}

function fromBase64(input: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input) || input.length % 4 !== 0) return null;
  return decode(input);
}

function fromBase64Url(input: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(input)) return null;
  return decode(input.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((input.length + 3) % 4));
}

function decode(b64: string): Uint8Array | null {
  try {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

function toBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
