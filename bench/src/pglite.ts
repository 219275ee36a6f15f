import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createDb } from "@keyway/db";
import { seedDemo } from "@keyway/db/seed";
import { growLicenses } from "./dataset";
import { type LoadResult, load } from "./load";
import { blenddoitRequest, validateRequest } from "./requests";
import { startKeyway, waitPrimed } from "./servers";

/**
 * The embedded database's figures, reported apart from Postgres: a PGlite data directory is
 * migrated and seeded here (demo vendor + `licenses` bench licenses), closed, then opened by the
 * server in its own process, as `pnpm start` does. Verification with the cache and without it.
 */
export async function runPgliteBench(options: {
  licenses: number;
  connections: number;
  seconds: number;
  log?: (line: string) => void;
}): Promise<{ licenses: number; cached: LoadResult; uncached: LoadResult; blenddoit: LoadResult }> {
  const dataDir = mkdtempSync(join(tmpdir(), "keyway-bench-pglite-"));
  try {
    const handle = await createDb({ dataDir });
    await handle.migrate();
    await seedDemo(handle.db);
    await handle.close();
    const pg = new PGlite(dataDir);
    await growLicenses(async (text, params) => (await pg.query(text, params)).rows, 1, options.licenses);
    await pg.close();
    options.log?.("  PGlite: seeded; measuring with and without the cache…");

    const pick = () => 1 + Math.floor(Math.random() * options.licenses);
    const native = (url: string, name: string, seconds = options.seconds) =>
      load({ name, url, ...validateRequest(pick), connections: options.connections, seconds });
    const run = async <T>(env: Record<string, string>, measure: (url: string) => Promise<T>) => {
      const server = await startKeyway("", 3320, { DATABASE_URL: "", DATA_DIR: dataDir, ...env });
      try {
        await waitPrimed(server.url);
        await native(server.url, "warm-up", 1);
        return await measure(server.url);
      } finally {
        await server.stop();
      }
    };
    const size = options.licenses.toLocaleString("en");
    // One primed server for both cached rows; a second without the cache.
    const { cached, blenddoit } = await run({}, async (url) => ({
      cached: await native(url, `PGlite: native validate (${size} licenses)`),
      blenddoit: await load({
        name: `PGlite: Blenddoit (${size})`,
        url,
        ...blenddoitRequest(pick),
        connections: options.connections,
        seconds: options.seconds,
      }),
    }));
    const uncached = await run({ VERIFY_CACHE: "off" }, (url) =>
      native(url, `PGlite: native validate, VERIFY_CACHE=off (${size})`),
    );
    return { licenses: options.licenses, cached, uncached, blenddoit };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
