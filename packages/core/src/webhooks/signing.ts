import { createHmac, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** A Standard Webhooks secret: `whsec_` + base64 of 24 random bytes (192 bits), as Svix issues them. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/**
 * The HMAC key of a `whsec_…` secret: the bytes its base64 part encodes. The standardwebhooks
 * library parses the secret first, so a secret it would refuse is refused here too.
 */
export function webhookSigningKey(secret: string): Buffer {
  new Webhook(secret);
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
}

/**
 * The `webhook-signature` header: one `v1,<base64>` per key, space separated. During a
 * rotation's overlap window both the new and the previous secret sign, so a receiver that
 * still holds either one verifies. Byte for byte what `new Webhook(secret).sign(…)` gives
 * (tests compare them), with node's native HMAC instead of the library's JavaScript SHA-256.
 */
export function signWebhookWithKeys(
  keys: readonly Buffer[],
  msgId: string,
  timestamp: Date,
  body: string,
): string {
  const signed = `${msgId}.${Math.floor(timestamp.getTime() / 1000)}.${body}`;
  return keys.map((key) => `v1,${createHmac("sha256", key).update(signed).digest("base64")}`).join(" ");
}

/** `signWebhookWithKeys` from the `whsec_…` secrets themselves. */
export function signWebhook(
  secrets: readonly string[],
  msgId: string,
  timestamp: Date,
  body: string,
): string {
  return signWebhookWithKeys(secrets.map(webhookSigningKey), msgId, timestamp, body);
}
