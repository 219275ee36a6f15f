import { type ChildProcess, spawn } from "node:child_process";
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
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
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
  return { name, url, child, stop };
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
