import {
  ACTIVATION_REQUEST_PREFIX,
  ActivationRequestPayload,
  RELEASE_CODE_PREFIX,
  ReleaseCodePayload,
} from "@keyway/schema";
import type { z } from "zod";
import { DomainError } from "../shared/errors";

/**
 * The text codes of air-gapped activation (docs/signatures.md §4): `kwar1.<base64url(JSON)>`
 * (activation request) and `kwrl1.<base64url(JSON)>` (release code). Whitespace anywhere is
 * ignored, so a code wrapped by an email or a terminal still reads. Each problem is refused with
 * `invalid_input` and a sentence a person can act on (`details.field`: `request` or `release`).
 */

const CODES = {
  request: { prefix: ACTIVATION_REQUEST_PREFIX, name: "activation request", other: RELEASE_CODE_PREFIX },
  release: { prefix: RELEASE_CODE_PREFIX, name: "release code", other: ACTIVATION_REQUEST_PREFIX },
} as const;

type CodeField = keyof typeof CODES;

function refuse(field: CodeField, message: string, reason: string): never {
  throw new DomainError("invalid_input", message, { field, reason });
}

function decode<S extends z.ZodType>(field: CodeField, text: unknown, schema: S): z.infer<S> {
  const { prefix, name, other } = CODES[field];
  const code = typeof text === "string" ? text.replace(/\s+/g, "") : "";
  if (!code) refuse(field, `Paste the ${name}.`, "empty");
  const [head, body, ...rest] = code.split(".");
  if (head === other) {
    const message =
      field === "request"
        ? "This is a release code, not an activation request: paste it under Release code."
        : "This is an activation request, not a release code: paste it under Activation request.";
    refuse(field, message, "wrong_kind");
  }
  if (head !== prefix || rest.length > 0 || !body) {
    refuse(field, `This is not an ${name}: it should start with ${prefix}. and be copied whole.`, "format");
  }
  if (!/^[A-Za-z0-9_-]+$/.test(body)) {
    refuse(field, `The ${name} is damaged: it has characters a code never has. Copy it again.`, "encoding");
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    refuse(field, `The ${name} is incomplete or damaged. Copy it again, whole.`, "encoding");
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    refuse(field, `The ${name} is incomplete or damaged. Copy it again, whole.`, "encoding");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    refuse(field, `The ${name} is not valid: ${issue?.message ?? "it could not be read"}.`, "content");
  }
  return parsed.data;
}

/** The key, fingerprint, nonce and optional seat name of an activation request. */
export function parseActivationRequest(text: unknown): ActivationRequestPayload {
  return decode("request", text, ActivationRequestPayload);
}

/** The certificate a release code carries (its signature is checked by the caller). */
export function parseReleaseCode(text: unknown): ReleaseCodePayload {
  return decode("release", text, ReleaseCodePayload);
}

/** `kwar1.…` of a payload (tests, and documentation examples). */
export function encodeActivationRequest(payload: ActivationRequestPayload): string {
  return `${ACTIVATION_REQUEST_PREFIX}.${Buffer.from(JSON.stringify(payload), "utf8").toString("base64url")}`;
}

/** `kwrl1.…` of a certificate. */
export function encodeReleaseCode(certificate: string): string {
  const payload: ReleaseCodePayload = { v: 1, certificate };
  return `${RELEASE_CODE_PREFIX}.${Buffer.from(JSON.stringify(payload), "utf8").toString("base64url")}`;
}

/**
 * The license key a request or release code names, or null when it cannot be read: for rate
 * limits per key, before the code is checked properly.
 */
export function offlineCodeKey(text: unknown): string | null {
  try {
    if (typeof text === "string" && text.trimStart().startsWith(RELEASE_CODE_PREFIX)) {
      const payload = parseReleaseCode(text).certificate.split(".")[1] ?? "";
      const facts: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      const key = (facts as { key?: unknown } | null)?.key;
      return typeof key === "string" ? key : null;
    }
    return parseActivationRequest(text).key;
  } catch {
    return null;
  }
}
