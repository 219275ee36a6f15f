import { isClusterPrimary, runCluster } from "./cluster";
import { ConfigError, loadConfig } from "./env";
import { startServer } from "./server";

/** Unsafe or invalid configuration stops the process with one line naming it. */
function refuse(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`keyway: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  refuse(error);
}

if (config.WEB_CONCURRENCY > 1 && isClusterPrimary()) {
  await runCluster(config, (line) => process.stdout.write(`keyway: ${line}\n`)).catch(refuse);
} else {
  await serve(config);
}

async function serve(config: ReturnType<typeof loadConfig>) {
  const server = await startServer(config).catch(refuse);
  server.app.log.info(`Keyway is listening on ${config.publicUrl} (database: ${server.deps.dbHandle.kind})`);

  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      server.app.log.info(`${signal}: shutting down`);
      server.close().then(
        () => process.exit(0),
        (err: unknown) => {
          server.app.log.error({ err }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}
