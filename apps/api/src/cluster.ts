import cluster from "node:cluster";
import { createDb } from "@keyway/db";
import type { AppConfig } from "./env";
import { prepareDatabase } from "./server";

/** A process that keeps dying this often at start (a taken port, a bad setting) stops the cluster. */
const CRASH_WINDOW_MS = 30_000;
const CRASHES_ALLOWED = 3;

/**
 * WEB_CONCURRENCY > 1: this process (the primary) migrates and seeds once, then forks that many
 * API processes sharing one port (Node's cluster hands connections out in turn). Each is a whole
 * `startServer`: its own verification cache kept fresh by Postgres NOTIFY, its own pool; limits
 * are shared through Redis when REDIS_URL is set. A process that dies is replaced, unless they
 * keep dying; SIGTERM and SIGINT stop them all and wait. Node's cluster rather than a process
 * manager: nothing to install, one command, and the port is shared without a proxy in front.
 */
export async function runCluster(config: AppConfig, log: (line: string) => void): Promise<void> {
  const handle = await createDb({ databaseUrl: config.DATABASE_URL, max: 2 });
  try {
    await prepareDatabase(handle, config);
  } finally {
    await handle.close();
  }

  let stopping = false;
  const crashes: number[] = [];
  for (let i = 0; i < config.WEB_CONCURRENCY; i++) cluster.fork();
  log(`started ${config.WEB_CONCURRENCY} API processes on ${config.publicUrl}`);
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && now - (crashes[0] ?? now) > CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length > CRASHES_ALLOWED) {
      log(`API processes keep ending (${crashes.length} in ${CRASH_WINDOW_MS / 1000} s): stopping`);
      stopAll(1);
      return;
    }
    log(`API process ${worker.process.pid} ended (${signal ?? `exit ${code}`}); starting another`);
    cluster.fork();
  });
  const stopAll = (exitCode: number) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    const wait = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length > 0) return;
      clearInterval(wait);
      process.exit(exitCode);
    }, 100);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      log(`${signal}: stopping the API processes`);
      stopAll(0);
    });
  }
}

/** Whether this is the process started by `pnpm start` (not one the cluster forked). */
export const isClusterPrimary = () => cluster.isPrimary;
