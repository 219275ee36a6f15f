import {
  primeVerificationCache,
  stopUsingVerificationCache,
  useVerificationCache,
  VerificationCache,
} from "@keyway/core";
import type { AppDeps } from "./deps";

interface Log {
  info(msg: string): void;
  error(obj: unknown, msg?: string): void;
}

/** The verification cache with the host's settings: attached to the database before listening. */
export async function startVerificationCache(deps: AppDeps, log: Log) {
  const cache = new VerificationCache({ maxEntries: deps.config.VERIFY_CACHE_SIZE });
  await cache.attach(deps.dbHandle, (err) => log.error({ err }, "verification cache heartbeat failed"));
  useVerificationCache(deps.db, cache);
  let priming: Promise<void> = Promise.resolve();
  return {
    cache,
    primeInBackground() {
      if (!deps.config.VERIFY_CACHE_PRIME) return;
      const started = Date.now();
      priming = primeVerificationCache(deps.db, cache).then(
        (stored) => log.info(`verification cache primed: ${stored} licenses in ${Date.now() - started} ms`),
        (err) => log.error({ err }, "verification cache priming failed"),
      );
    },
    async stop() {
      await priming;
      stopUsingVerificationCache(deps.db, cache);
      await cache.close();
    },
  };
}
