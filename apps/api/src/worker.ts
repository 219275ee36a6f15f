import { createDb } from "@keyway/db";
import { startBackground } from "./background";
import { createDeps } from "./deps";
import { ConfigError, loadConfig } from "./env";

/**
 * `pnpm worker`: the background loops (background.ts) without the HTTP server. Run any number of them beside the
 * API (set WORKER=false there to deliver only from these); they share the outbox safely.
 * With the embedded PGlite the database belongs to one process, so use DATABASE_URL.
 */
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`keyway worker: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const log = {
  info: (msg: string) =>
    process.stdout.write(`${JSON.stringify({ level: "info", time: Date.now(), msg })}\n`),
  error: (obj: unknown, msg?: string) => {
    const err = (obj as { err?: unknown }).err;
    // A failed query's own message repeats the SQL; its cause says what went wrong.
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    const detail = cause instanceof Error ? cause.message : String(cause);
    process.stderr.write(`${JSON.stringify({ level: "error", time: Date.now(), msg, err: detail })}\n`);
  },
};

const dbHandle = await createDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, max: 10 });
await dbHandle.migrate();
const worker = await startBackground(createDeps(dbHandle, config, { limits: false }), log);
log.info(`Keyway worker running (database: ${dbHandle.kind})`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing deliveries in flight`);
    worker
      .stop()
      .then(() => dbHandle.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, "shutdown failed");
          process.exit(1);
        },
      );
  });
}
