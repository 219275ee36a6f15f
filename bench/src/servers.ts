import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { validateRequest } from "./requests";

const apiMain = fileURLToPath(new URL("../../apps/api/src/main.ts", import.meta.url));
const workerMain = fileURLToPath(new URL("../../apps/api/src/worker.ts", import.meta.url));
const apiDir = fileURLToPath(new URL("../../apps/api", import.meta.url));
const bareMain = fileURLToPath(new URL(process.env.BARE_SCRIPT ?? "./bare-server.ts", import.meta.url));

/** BENCH_CPU_PROF=<dir>: write a V8 CPU profile of each server child there (open in Chrome DevTools). */
const profileArgs = process.env.BENCH_CPU_PROF
  ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
  : [];

export interface ChildServer {
  url: string;
  /** Resident memory of the child process, in MiB. */
  rssMiB(): number;
  /** CPU time (user + system) the child has used so far, in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Runs a server in its own process (as in production), waits until it answers. */
async function startChild(
  script: string,
  cwd: string,
  env: Record<string, string>,
  port: number,
  probe: string,
) {
  const child: ChildProcess = spawn(process.execPath, [...profileArgs, "--import", "tsx", script], {
    cwd,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}${probe}`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${script} did not start within 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    rssMiB: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    },
    cpuMs: () => {
      // /proc/<pid>/stat fields 14 and 15: utime and stime in clock ticks (100 per second).
      const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** What a Keyway process of the bench runs with (server or worker). */
function keywayEnv(databaseUrl: string, port: number): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    RATE_LIMIT: "off",
    LOG_LEVEL: "warn",
    WORKER: "false",
    SEED_DEMO: "true",
    // Development: the sandbox stands in for the demo store's gateway (its orders are test mode);
    // production refuses a live order at a store with no real gateway. Logging is LOG_LEVEL's.
    NODE_ENV: "development",
    SECRET_KEY: "benchmark-secret-key-0123456789",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
}

export function startKeyway(
  databaseUrl: string,
  port: number,
  extraEnv: Record<string, string> = {},
): Promise<ChildServer> {
  return startChild(apiMain, apiDir, { ...keywayEnv(databaseUrl, port), ...extraEnv }, port, "/healthz");
}

/** `pnpm worker` (webhook deliveries, scheduler) in its own process; `stop` ends it as an operator would. */
export function startWorker(databaseUrl: string): Pick<ChildServer, "cpuMs" | "stop"> {
  const child = spawn(process.execPath, ["--import", "tsx", workerMain], {
    cwd: apiDir,
    env: { ...process.env, ...keywayEnv(databaseUrl, 0), WORKER: "true" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return {
    cpuMs: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Waits until the server's verification cache has finished priming; returns its /healthz figures. */
export async function waitPrimed(url: string): Promise<{ entries: number; ms: number }> {
  const started = Date.now();
  for (;;) {
    const health = (await (await fetch(`${url}/healthz`)).json()) as {
      verificationCache: { primed: boolean; live: boolean; entries: number } | null;
    };
    const cache = health.verificationCache;
    if (!cache) return { entries: 0, ms: 0 };
    if (cache.primed && cache.live) return { entries: cache.entries, ms: Date.now() - started };
    if (Date.now() - started > 120_000) throw new Error("verification cache did not prime within 120 s");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * CPU time (user + system, ms) used so far by every Postgres process of this machine (the local
 * server the bench runs on): what the database spends, beside the server's own `cpuMs`.
 */
export function postgresCpuMs(): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (!stat.includes("(postgres)")) continue;
      const fields = stat.split(") ")[1]?.split(" ") ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended while being read
    }
  }
  return ticks * 10;
}

/** The machine's limit: a bare Fastify JSON route, started the same way. */
export function startBare(port: number): Promise<ChildServer> {
  return startChild(bareMain, apiDir, {}, port, "/");
}

/**
 * Gives the bare server's floor routes a real answer to send: one native validate answer of
 * `keywayUrl` (license 1 where it is bound), so the floor sends the bytes the server sends.
 * Answers their size.
 */
export async function floorAnswerFrom(keywayUrl: string, bareUrl: string): Promise<number> {
  const request = validateRequest(() => 1);
  const res = await fetch(`${keywayUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body(),
  });
  if (!res.ok) throw new Error(`the floor's answer: validate answered ${res.status}`);
  const set = await fetch(`${bareUrl}/answer`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: await res.text(),
  });
  return ((await set.json()) as { bytes: number }).bytes;
}
