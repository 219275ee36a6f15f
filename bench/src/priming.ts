import { primeVerificationCache, VerificationCache } from "@keyway/core";
import { createDb } from "@keyway/db";
import { growLicenses } from "./dataset";
import { createScratchDatabase, withSql } from "./requests";
import { startKeyway } from "./servers";

/**
 * `pnpm --filter @keyway/bench bench:priming`: how long the verification cache takes to fill
 * at start-up, in this process (so `node --cpu-prof` sees it), on real Postgres.
 * BENCH_PRIME_LICENSES (default 100,000) licenses; prints the time and licenses a second.
 */
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const total = Number(process.env.BENCH_PRIME_LICENSES ?? 100_000);
const rounds = Number(process.env.BENCH_PRIME_ROUNDS ?? 3);

const scratch = await createScratchDatabase(adminUrl, "keyway_prime");
try {
  // The server migrates and seeds the demo catalog; the licenses are grown beside it.
  const server = await startKeyway(scratch.url, 3320, { VERIFY_CACHE_PRIME: "false" });
  await server.stop();
  await withSql(scratch.url, (sql) =>
    growLicenses((text, params) => sql.unsafe(text, params as never[]), 1, total),
  );

  const handle = await createDb({ databaseUrl: scratch.url });
  try {
    for (let round = 1; round <= rounds; round += 1) {
      const cache = new VerificationCache({ maxEntries: total + 10 });
      await cache.attach(handle, (err) => console.error(err));
      const started = performance.now();
      const stored = await primeVerificationCache(handle.db, cache);
      const ms = performance.now() - started;
      const heap = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
      console.log(
        `round ${round}: ${stored.toLocaleString("en")} licenses in ${(ms / 1000).toFixed(2)} s ` +
          `(${Math.round(stored / (ms / 1000)).toLocaleString("en")}/s), heap ${heap} MiB`,
      );
      await cache.close();
    }
  } finally {
    await handle.close();
  }
} finally {
  await scratch.drop();
}
