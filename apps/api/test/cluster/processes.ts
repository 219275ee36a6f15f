import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createDb, sql } from "@keyway/db";

const apiDir = fileURLToPath(new URL("../..", import.meta.url));

/** A Keyway process of the cluster test: an API server (`src/main.ts`) or a worker (`src/worker.ts`). */
export interface KeywayProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Ends it as an operator would (SIGTERM) and waits. */
  stop(): Promise<void>;
  /** Ends it as a crash would (SIGKILL: no shutdown code runs) and waits. */
  kill(): Promise<void>;
  /** A new process of the same kind and settings (an API process gets a new port). */
  restart(): Promise<KeywayProcess>;
}

/** A port nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `script` as its own Node process with `env`; an API process is waited for until /healthz answers. */
export async function startProcess(
  name: string,
  script: "src/main.ts" | "src/worker.ts",
  env: Record<string, string>,
): Promise<KeywayProcess> {
  const port = script === "src/main.ts" ? await freePort() : 0;
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: apiDir,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString()}`.slice(-4_000);
  });
  const url = `http://127.0.0.1:${port}`;
  const end = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill(signal);
    });
  const stop = () => end("SIGTERM");
  const kill = () => end("SIGKILL");
  const restart = () => startProcess(name, script, env);
  if (script === "src/main.ts") {
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${stderr}`);
      const ok = await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${name} did not answer /healthz within 90 s: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { name, url, child, stop, kill, restart };
}

/** A database of its own on the test's Postgres, dropped afterwards. */
export async function scratchDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `keyway_cluster_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = await createDb({ databaseUrl: adminUrl, max: 1 });
  await admin.db.execute(sql.raw(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
      await admin.close();
    },
  };
}

/** The local TCP ports of `pid`'s sockets (Linux /proc): which process a connection came from. */
export function localPortsOf(pid: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const link = (() => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return ""; // closed meanwhile
      }
    })();
    const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
    if (inode) inodes.add(inode);
  }
  const ports = new Set<number>();
  for (const table of ["tcp", "tcp6"]) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1]?.split(":")[1];
      if (local && fields[9] && inodes.has(fields[9])) ports.add(Number.parseInt(local, 16));
    }
  }
  return ports;
}
