import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** A Standard Webhooks secret: `whsec_` + base64 of 24 random bytes (192 bits), as Svix issues them. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/**
 * The `webhook-signature` header: one `v1,<base64>` per secret, space separated. During a
 * rotation's overlap window both the new and the previous secret sign, so a receiver that
 * still holds either one verifies.
 */
export function signWebhook(
  secrets: readonly string[],
  msgId: string,
  timestamp: Date,
  body: string,
): string {
  return secrets.map((secret) => new Webhook(secret).sign(msgId, timestamp, body)).join(" ");
}
