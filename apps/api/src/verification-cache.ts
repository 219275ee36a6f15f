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
  let priming: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const prime = () => {
    if (!deps.config.VERIFY_CACHE_PRIME || stopped) return;
    // One pass at a time; a flush during a pass asks for one more.
    if (priming) {
      again = true;
      return;
    }
    const started = Date.now();
    priming = primeVerificationCache(deps.db, cache)
      .then(
        (stored) => log.info(`verification cache primed: ${stored} licenses in ${Date.now() - started} ms`),
        (err) => log.error({ err }, "verification cache priming failed"),
      )
      .finally(() => {
        priming = null;
        if (again) {
          again = false;
          prime();
        }
      });
  };
  // A catalog change empties the cache: fill it again rather than send every key to the database.
  cache.onFlush = prime;
  return {
    cache,
    primeInBackground: prime,
    async stop() {
      stopped = true;
      await priming;
      stopUsingVerificationCache(deps.db, cache);
      await cache.close();
    },
  };
}
