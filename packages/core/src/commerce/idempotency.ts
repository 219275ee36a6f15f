import { createHash } from "node:crypto";
import { and, type Executor, eq, gt, idempotencyKeys, lt } from "@keyway/db";
import { DomainError } from "../shared/errors";
import { isUniqueViolation } from "../shared/unique-violation";

const TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotentAnswer<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

/** Stable hash of a request body (key order does not matter). */
export function requestHash(body: unknown): string {
  return createHash("sha256").update(stableJson(body)).digest("hex");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * `Idempotency-Key`: the same key with the same body replays the first answer for 24 h; the
 * same key with another body, or while the first is still running, is refused. Without a key,
 * `run` simply runs.
 */
export async function withIdempotency<T>(
  db: Executor,
  params: { vendorId: string; scope: string; key: string | undefined; body: unknown; now?: Date },
  run: () => Promise<{ statusCode: number; body: T }>,
): Promise<IdempotentAnswer<T>> {
  if (!params.key) return { ...(await run()), replayed: false };
  if (params.key.length > 255)
    throw new DomainError("invalid_input", "Idempotency-Key is longer than 255 characters.");
  const now = params.now ?? new Date();
  const hash = requestHash(params.body);
  const where = and(
    eq(idempotencyKeys.vendorId, params.vendorId),
    eq(idempotencyKeys.scope, params.scope),
    eq(idempotencyKeys.key, params.key),
  );
  // Expired keys are forgotten.
  await db.delete(idempotencyKeys).where(and(where, lt(idempotencyKeys.expiresAt, now)));
  try {
    await db.insert(idempotencyKeys).values({
      vendorId: params.vendorId,
      scope: params.scope,
      key: params.key,
      requestHash: hash,
      expiresAt: new Date(now.getTime() + TTL_MS),
      createdAt: now,
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const [existing] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(where, gt(idempotencyKeys.expiresAt, now)));
    if (!existing) throw new DomainError("conflict", "Retry the request.");
    if (existing.requestHash !== hash) {
      throw new DomainError(
        "idempotency_conflict",
        "This Idempotency-Key was already used with a different request.",
      );
    }
    if (existing.statusCode === null) {
      throw new DomainError(
        "idempotency_conflict",
        "A request with this Idempotency-Key is still being processed.",
      );
    }
    return { statusCode: existing.statusCode, body: existing.response as T, replayed: true };
  }
  try {
    const answer = await run();
    await db
      .update(idempotencyKeys)
      .set({ statusCode: answer.statusCode, response: answer.body as unknown as Record<string, unknown> })
      .where(where);
    return { ...answer, replayed: false };
  } catch (error) {
    // A failed request may be retried with the same key.
    await db.delete(idempotencyKeys).where(where);
    throw error;
  }
}
