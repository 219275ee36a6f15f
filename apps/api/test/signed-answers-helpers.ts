import { createHash, createPublicKey, verify } from "node:crypto";
import { DEMO } from "@keyway/db/seed";
import type { TestServer } from "../src/testing";

/**
 * Signed verification answers (docs/signatures.md §2) as a customer's software sees them: real
 * HTTP answers, and a verifier written here from the text alone (node's crypto.verify against the
 * vendor's published key list). Used by signed-answers*.test.ts.
 */

export interface Answer {
  status: number;
  body: string;
  headers: Headers;
  method: string;
  path: string;
  nonce?: string;
}

interface KeyList {
  keys: { kid: string; x: string; status: string }[];
}

export const SIGNED = "(request-target) host date digest keyway-nonce";

/** A client of one test server: asks, and checks answers against the demo vendor's keys. */
export class SignedAnswers {
  private constructor(
    private readonly server: TestServer,
    private readonly host: string,
    private readonly keys: KeyList,
  ) {}

  static async of(server: TestServer): Promise<SignedAnswers> {
    const list = (await (
      await fetch(`${server.url}/api/v1/vendors/${DEMO.vendorSlug}/signing-keys`)
    ).json()) as KeyList;
    return new SignedAnswers(server, new URL(server.url).host, list);
  }

  async ask(
    method: "GET" | "POST",
    path: string,
    options: {
      json?: unknown;
      form?: Record<string, string>;
      headers?: Record<string, string>;
      nonce?: string;
    } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.nonce !== undefined) headers["x-keyway-nonce"] = options.nonce;
    let body: string | URLSearchParams | undefined;
    if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(options.form);
    }
    const res = await fetch(`${this.server.url}${path}`, { method, headers, body });
    const answer: Answer = { status: res.status, body: await res.text(), headers: res.headers, method, path };
    if (options.nonce !== undefined) answer.nonce = options.nonce;
    return answer;
  }

  /**
   * What the customer's software checks (docs/signatures.md §2, in order): its own request, the
   * answer's headers and bytes, the published keys.
   */
  check(answer: Answer, change: Partial<Answer> = {}) {
    const a = { ...answer, ...change };
    const header = a.headers.get("keyway-signature");
    if (!header) return { valid: false, reason: "unsigned" };
    const fields = fieldsOf(header);
    const date = a.headers.get("date");
    const digest = a.headers.get("digest");
    if (
      fields.algorithm !== "ed25519" ||
      fields.headers !== SIGNED ||
      !date ||
      !digest ||
      !fields.signature
    ) {
      return { valid: false, reason: "malformed" };
    }
    const key = this.keys.keys.find((k) => k.kid === fields.keyid);
    if (!key) return { valid: false, reason: "unknown_key" };
    if (key.status !== "active" && key.status !== "rotated") return { valid: false, reason: "untrusted_key" };
    if (digest !== `sha-256=${sha256(a.body)}`) return { valid: false, reason: "bad_digest" };
    const message = [
      `(request-target): ${a.method.toLowerCase()} ${a.path}`,
      `host: ${this.host}`,
      `date: ${date}`,
      `digest: ${digest}`,
      `keyway-nonce: ${a.nonce ?? ""}`,
    ].join("\n");
    const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: key.x }, format: "jwk" });
    if (!verify(null, Buffer.from(message, "utf8"), publicKey, Buffer.from(fields.signature, "base64"))) {
      return { valid: false, reason: "bad_signature" };
    }
    if (Math.abs(Date.now() - Date.parse(date)) > 300_000) return { valid: false, reason: "stale" };
    return { valid: true, kid: key.kid };
  }

  /** The `kid` of the vendor's active key, as published. */
  activeKid(): string | undefined {
    return this.keys.keys.find((k) => k.status === "active")?.kid;
  }
}

/** `Keyway-Signature`'s `name="value"` pairs. */
export function fieldsOf(header: string): Record<string, string> {
  return Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] ?? "", m[2] ?? ""]));
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64");
}
