import { createHash } from "node:crypto";
import { and, type Executor, eq, gt, idempotencyKeys, lt, newId, sql } from "@keyway/db";
import { DomainError } from "../shared/errors";
import { oncePerExecutor } from "../shared/prepared";

const TTL_MS = 24 * 60 * 60 * 1000;

/** What `run` answers: a status and a JSON body (serialised here, once). */
export interface AnswerToStore {
  statusCode: number;
  body: unknown;
}

/**
 * The answer to send, as stored: the first answer's exact text, status and content type, which
 * every replay sends again byte for byte (as Stripe does).
 */
export interface IdempotentAnswer {
  statusCode: number;
  contentType: string;
  body: string;
  replayed: boolean;
}

/** Fastify's own content type for a JSON body, so a keyed answer looks like any other. */
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

function serialise(answer: AnswerToStore): Omit<IdempotentAnswer, "replayed"> {
  return { statusCode: answer.statusCode, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(answer.body) };
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
 * `run` simply runs. Either way the answer comes back serialised: send `body` as it is.
 */
export async function withIdempotency(
  db: Executor,
  params: { vendorId: string; scope: string; key: string | undefined; body: unknown; now?: Date },
  run: () => Promise<AnswerToStore>,
): Promise<IdempotentAnswer> {
  if (!params.key) return { ...serialise(await run()), replayed: false };
  if (params.key.length > 255)
    throw new DomainError("invalid_input", "Idempotency-Key is longer than 255 characters.");
  const now = params.now ?? new Date();
  const hash = requestHash(params.body);
  const where = and(
    eq(idempotencyKeys.vendorId, params.vendorId),
    eq(idempotencyKeys.scope, params.scope),
    eq(idempotencyKeys.key, params.key),
  );
  // Claims the key: a new row, or one whose earlier use expired (forgotten, as if deleted).
  const claimed = await claimQuery(db).execute({
    id: newId("idem"),
    vendorId: params.vendorId,
    scope: params.scope,
    key: params.key,
    requestHash: hash,
    expiresAt: new Date(now.getTime() + TTL_MS).toISOString(),
    now: now.toISOString(),
  });
  if (claimed.length === 0) {
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
    if (existing.statusCode === null || existing.response === null) {
      throw new DomainError(
        "idempotency_conflict",
        "A request with this Idempotency-Key is still being processed.",
      );
    }
    return {
      statusCode: existing.statusCode,
      // Rows stored before content types were kept held JSON answers.
      contentType: existing.contentType ?? JSON_CONTENT_TYPE,
      body: existing.response,
      replayed: true,
    };
  }
  try {
    const answer = serialise(await run());
    await answerQuery(db).execute({
      vendorId: params.vendorId,
      scope: params.scope,
      key: params.key,
      statusCode: answer.statusCode,
      contentType: answer.contentType,
      response: answer.body,
    });
    return { ...answer, replayed: false };
  } catch (error) {
    // A failed request may be retried with the same key.
    await db.delete(idempotencyKeys).where(where);
    throw error;
  }
}

// The two statements every keyed request runs, prepared (one round trip each). Timestamps are
// bound as ISO text, as drizzle's column encoders would; the response is the answer's own text.
const key = {
  vendorId: sql.placeholder("vendorId"),
  scope: sql.placeholder("scope"),
  key: sql.placeholder("key"),
};

function prepareClaim(db: Executor) {
  return db
    .insert(idempotencyKeys)
    .values({
      id: sql`${sql.placeholder("id")}`,
      vendorId: sql`${key.vendorId}`,
      scope: sql`${key.scope}`,
      key: sql`${key.key}`,
      requestHash: sql`${sql.placeholder("requestHash")}`,
      expiresAt: sql`${sql.placeholder("expiresAt")}`,
      createdAt: sql`${sql.placeholder("now")}`,
    })
    .onConflictDoUpdate({
      target: [idempotencyKeys.vendorId, idempotencyKeys.scope, idempotencyKeys.key],
      set: {
        requestHash: sql`excluded.request_hash`,
        statusCode: sql`null`,
        response: sql`null`,
        contentType: sql`null`,
        expiresAt: sql`excluded.expires_at`,
        createdAt: sql`excluded.created_at`,
      },
      setWhere: lt(idempotencyKeys.expiresAt, sql`${sql.placeholder("now")}`),
    })
    .returning({ id: idempotencyKeys.id })
    .prepare("keyway_idempotency_claim");
}
const claimQuery = oncePerExecutor(prepareClaim);

function prepareAnswer(db: Executor) {
  return db
    .update(idempotencyKeys)
    .set({
      statusCode: sql`${sql.placeholder("statusCode")}`,
      contentType: sql`${sql.placeholder("contentType")}`,
      response: sql`${sql.placeholder("response")}`,
    })
    .where(
      and(
        eq(idempotencyKeys.vendorId, key.vendorId),
        eq(idempotencyKeys.scope, key.scope),
        eq(idempotencyKeys.key, key.key),
      ),
    )
    .prepare("keyway_idempotency_answer");
}
const answerQuery = oncePerExecutor(prepareAnswer);
