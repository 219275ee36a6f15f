import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppDeps } from "../deps";
import type { SharedCounters } from "./shared-counters";

/**
 * Rate limits of the public verification routes (Blenddoit, native validate/activate/deactivate):
 * per client IP (RATE_LIMIT_MAX a minute, @fastify/rate-limit) and per license key
 * (RATE_LIMIT_PER_KEY a minute, the counter below: @fastify/rate-limit runs one limiter per
 * request, so the second dimension is counted here). Both windows are fixed, one minute. With
 * REDIS_URL they count in Redis (./shared-counters.ts), so every API process spends one budget,
 * and an unreachable Redis lets requests through (a licensing check must not fail because a
 * counter is gone); without it they count in this process. RATE_LIMIT=off turns both off
 * (benchmarks, load tests). A limited request gets 429 with `Retry-After` (seconds), in its
 * surface's own envelope.
 */

const WINDOW_MS = 60_000;
const MAX_TRACKED = 100_000;

export class FixedWindowCounter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  constructor(
    private readonly max: number,
    private readonly windowMs = WINDOW_MS,
  ) {}

  /** Counts one hit; answers the seconds to wait when over the limit. */
  hit(bucket: string, now = Date.now()): { ok: true } | { ok: false; retryAfter: number } {
    let entry = this.hits.get(bucket);
    if (!entry || entry.resetAt <= now) {
      if (this.hits.size >= MAX_TRACKED) this.sweep(now);
      entry = { count: 0, resetAt: now + this.windowMs };
      this.hits.set(bucket, entry);
    }
    entry.count++;
    if (entry.count <= this.max) return { ok: true };
    return { ok: false, retryAfter: Math.max(1, Math.ceil((entry.resetAt - now) / 1000)) };
  }

  private sweep(now: number) {
    for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
    // Under a flood of distinct keys, forget everything rather than grow without bound.
    if (this.hits.size >= MAX_TRACKED) this.hits.clear();
  }
}

type Verdict = { ok: true } | { ok: false; retryAfter: number };

/** A fixed one-minute window per bucket, wherever it is counted. */
export interface WindowCounter {
  hit(bucket: string): Verdict | Promise<Verdict>;
}

/** The same window counted in Redis; lets the request through when Redis cannot be reached. */
export class SharedWindowCounter implements WindowCounter {
  constructor(
    private readonly counters: SharedCounters,
    private readonly prefix: string,
    private readonly max: number,
    private readonly windowMs = WINDOW_MS,
  ) {}

  async hit(bucket: string): Promise<Verdict> {
    const counted = await this.counters.hit(`${this.prefix}${bucket}`, this.windowMs);
    if (counted === null || counted.count <= this.max) return { ok: true };
    return { ok: false, retryAfter: Math.max(1, Math.ceil(counted.ttlMs / 1000)) };
  }
}

export interface VerificationLimiters {
  enabled: boolean;
  perIp: WindowCounter;
  perKey: WindowCounter;
}

const byConfig = new WeakMap<AppDeps["config"], VerificationLimiters>();

/**
 * One set of counters per running app, shared by every verification surface (keyed by the
 * app's config object, which tRPC contexts share by reference).
 */
export function verificationLimiters(deps: Pick<AppDeps, "config" | "counters">): VerificationLimiters {
  let limiters = byConfig.get(deps.config);
  if (!limiters) {
    const { config, counters } = deps;
    limiters = {
      enabled: config.RATE_LIMIT !== "off",
      perIp: counters
        ? new SharedWindowCounter(counters, "rl:trpc-ip:", config.RATE_LIMIT_MAX)
        : new FixedWindowCounter(config.RATE_LIMIT_MAX),
      perKey: counters
        ? new SharedWindowCounter(counters, "rl:key:", config.RATE_LIMIT_PER_KEY)
        : new FixedWindowCounter(config.RATE_LIMIT_PER_KEY),
    };
    byConfig.set(deps.config, limiters);
  }
  return limiters;
}

/** Error thrown when a limit is hit; each surface's error handler renders it in its envelope. */
export class RateLimitedError extends Error {
  readonly statusCode = 429;
  constructor(readonly retryAfter: number) {
    super("Too many requests.");
    this.name = "RateLimitedError";
  }
}

export function isRateLimited(error: unknown): error is { statusCode: 429; retryAfter?: number } {
  return (error as { statusCode?: number } | null)?.statusCode === 429;
}

/**
 * Applies both limits to every route registered afterwards in `scope` (call it inside the
 * surface's plugin). `keyOf` reads the license key from the parsed request.
 */
export async function applyVerificationLimits(
  scope: FastifyInstance,
  deps: AppDeps,
  keyOf: (request: FastifyRequest) => string | undefined,
) {
  const limiters = verificationLimiters(deps);
  if (!limiters.enabled) return;
  await scope.register(rateLimit, {
    global: true,
    max: deps.config.RATE_LIMIT_MAX,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => request.ip,
    // Shared by every process when REDIS_URL is set; a Redis outage lets requests through.
    ...(deps.counters ? { redis: deps.counters.redis, nameSpace: "rl:ip:", skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000))),
  });
  scope.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
    const key = keyOf(request);
    if (!key) return;
    const verdict = await limiters.perKey.hit(`key:${key.trim().toUpperCase().slice(0, 256)}`);
    if (!verdict.ok) {
      reply.header("retry-after", String(verdict.retryAfter));
      throw new RateLimitedError(verdict.retryAfter);
    }
  });
}

/** A string field of a parsed body, if present. */
export function bodyField(request: FastifyRequest, name: string): string | undefined {
  const body = request.body;
  if (!body || typeof body !== "object") return undefined;
  const v = (body as Record<string, unknown>)[name];
  return typeof v === "string" ? v : undefined;
}
