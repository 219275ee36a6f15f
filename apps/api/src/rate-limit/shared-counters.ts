import { Redis } from "ioredis";

/**
 * Counters every API process shares, in Redis (REDIS_URL): the public rate limits and the
 * sign-in limiter count here, so N processes spend one budget. A counter that cannot be reached
 * answers `null` at once (no queue, one attempt): the caller decides whether that lets the
 * request through (verification: a licensing check must not fail because a counter is gone) or
 * refuses it (sign-in). An outage is logged once when it starts and once when it ends.
 */
export class SharedCounters {
  readonly redis: Redis;
  private down = false;

  constructor(
    url: string,
    keyPrefix: string,
    private readonly log: { warn: (msg: string) => void; info: (msg: string) => void },
  ) {
    this.redis = new Redis(url, {
      keyPrefix,
      // Fail fast: a limiter that waits for Redis would make every request wait with it.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1_000,
      commandTimeout: 1_000,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
      lazyConnect: false,
    });
    this.redis.on("error", (error: Error) => this.outage(error));
    this.redis.on("ready", () => {
      if (!this.down) return;
      this.down = false;
      this.log.info("shared counters (Redis) are back: rate limits and sign-in limits are shared again");
    });
    this.redis.defineCommand("keywayHit", {
      numberOfKeys: 1,
      // One window per key: the first hit starts it; answers the count and the window's time left.
      lua: `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`,
    });
  }

  /** Counts one hit on `key` in a window of `windowMs`; null when Redis cannot be reached. */
  async hit(key: string, windowMs: number): Promise<{ count: number; ttlMs: number } | null> {
    try {
      const [count, ttlMs] = (await (
        this.redis as unknown as { keywayHit: (k: string, w: number) => Promise<[number, number]> }
      ).keywayHit(key, windowMs)) as [number, number];
      return { count, ttlMs };
    } catch (error) {
      this.outage(error as Error);
      return null;
    }
  }

  /** The counts of `keys` now (0 when absent); null when Redis cannot be reached. */
  async counts(keys: string[]): Promise<number[] | null> {
    try {
      const values = await this.redis.mget(...keys);
      return values.map((v) => Number(v ?? 0));
    } catch (error) {
      this.outage(error as Error);
      return null;
    }
  }

  async forget(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      await this.redis.del(...keys);
    } catch (error) {
      this.outage(error as Error);
    }
  }

  /**
   * Resolves once connected, or after `timeoutMs` (then counting fails open or closed as above
   * until the connection comes): the server waits for it at start.
   */
  async ready(timeoutMs = 2_000): Promise<boolean> {
    if (this.redis.status === "ready") return true;
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.redis.off("ready", onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.redis.on("ready", onReady);
    });
  }

  get reachable(): boolean {
    return !this.down && this.redis.status === "ready";
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private outage(error: Error) {
    if (this.down) return;
    this.down = true;
    this.log.warn(
      `shared counters (Redis) unreachable (${error.message}): verification limits let requests through and sign-ins are refused until it is back`,
    );
  }
}
