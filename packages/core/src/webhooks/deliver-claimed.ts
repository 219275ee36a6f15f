import type { Database } from "@keyway/db";
import { isDomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";
import type { ClaimedDelivery } from "./claim-due-deliveries";
import { type PostWebhookResult, postWebhook, type WebhookAgents } from "./post-webhook";
import { renderWebhookBody } from "./render-body";
import { retryDelayMs } from "./retry-schedule";
import { type SettleItem, settleDeliveries } from "./settle-deliveries";
import { signWebhookWithKeys, webhookSigningKey } from "./signing";
import type { SigningKeyCache } from "./signing-key-cache";
import { type LookupAll, resolveWebhookTarget } from "./url-guard";

export interface DeliveryContext {
  db: Database;
  secrets: SecretBox;
  allowPrivateUrls: boolean;
  timeoutMs: number;
  agents: WebhookAgents;
  now: () => Date;
  random: () => number;
  lookup?: LookupAll | undefined;
  flagAfterFailures: number;
  /** Records an outcome; resolves once it is committed (batched with others finishing meanwhile). */
  settle?: ((outcome: SettleItem) => Promise<void>) | undefined;
  /** HMAC keys of sealed secrets, remembered by ciphertext (a rotation seals a new one). */
  signingKeys?: SigningKeyCache | undefined;
}

export type DeliveryOutcome = "succeeded" | "retrying" | "failed";

/** Sends one claimed delivery, logs the attempt and settles the row. */
export async function deliverClaimed(
  ctx: DeliveryContext,
  claimed: ClaimedDelivery,
): Promise<DeliveryOutcome> {
  const settle =
    ctx.settle ?? ((item: SettleItem) => settleDeliveries(ctx.db, [item], ctx.flagAfterFailures));
  if (claimed.endpoint.inactive) {
    await settle(unsent(ctx, claimed, "endpoint disabled"));
    return "failed";
  }
  let body: string;
  try {
    body = renderWebhookBody(claimed.endpoint.format, claimed.payload);
  } catch (error) {
    await settle(unsent(ctx, claimed, error instanceof Error ? error.message : "unrenderable event"));
    return "failed";
  }

  let result: PostWebhookResult;
  try {
    const url = new URL(claimed.endpoint.url);
    // Checked again at delivery: DNS can change after registration.
    const pinned = ctx.allowPrivateUrls
      ? null
      : await withTimeout(
          resolveWebhookTarget(url, { allowPrivate: false, lookup: ctx.lookup }),
          ctx.timeoutMs,
        );
    const keyOf = (sealed: string) =>
      ctx.signingKeys ? ctx.signingKeys.get(sealed) : webhookSigningKey(ctx.secrets.open(sealed));
    const keys = [keyOf(claimed.endpoint.secretEncrypted)];
    if (claimed.endpoint.previousSecretEncrypted) keys.push(keyOf(claimed.endpoint.previousSecretEncrypted));
    // The signature carries the real sending time, whatever clock schedules the retries.
    const sentAt = new Date();
    result = await postWebhook({
      url,
      body,
      timeoutMs: ctx.timeoutMs,
      pinned,
      agents: ctx.agents,
      headers: {
        "content-type": "application/json",
        "user-agent": "Keyway-Webhooks/1.0",
        "webhook-id": claimed.id,
        "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
        "webhook-signature": signWebhookWithKeys(keys, claimed.id, sentAt, body),
      },
    });
  } catch (error) {
    // A refusal (url-guard) is named; anything else, an unreadable secret included, is not.
    const message =
      isDomainError(error) && error.code !== "internal"
        ? `refused: ${error.message}`
        : error instanceof TimeoutError
          ? error.message
          : "could not send the request";
    result = { statusCode: null, durationMs: 0, snippet: null, error: message };
  }

  const now = ctx.now();
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const delay = ok ? null : retryDelayMs(claimed.attempt, ctx.random);
  const outcome: DeliveryOutcome = ok ? "succeeded" : delay === null ? "failed" : "retrying";
  await settle({
    id: claimed.id,
    vendorId: claimed.vendorId,
    lease: claimed.lease,
    status: outcome === "retrying" ? "pending" : outcome,
    attempt: claimed.attempt,
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    snippet: result.snippet,
    error: ok ? null : (result.error ?? `HTTP ${result.statusCode ?? "error"}`),
    at: now,
    nextAttemptAt: delay === null ? null : new Date(now.getTime() + delay),
  });
  return outcome;
}

function unsent(ctx: DeliveryContext, claimed: ClaimedDelivery, reason: string): SettleItem {
  return {
    id: claimed.id,
    vendorId: claimed.vendorId,
    lease: claimed.lease,
    status: "failed",
    attempt: null,
    statusCode: null,
    durationMs: 0,
    snippet: null,
    error: reason,
    at: ctx.now(),
    nextAttemptAt: null,
  };
}

class TimeoutError extends Error {}

/** DNS resolution counts against the attempt's timeout too. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`DNS lookup timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
