import { createHash } from "node:crypto";

/** API secrets are high-entropy random strings: a fast SHA-256 is the right hash (as unkey does). */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** The last four characters, to recognise a secret in a list without revealing it. */
export function secretHint(secret: string): string {
  return secret.slice(-4);
}
