import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RunSql } from "./dataset";
import type { LoadResult } from "./load";

const sweepScript = fileURLToPath(new URL("./scheduler-sweep.ts", import.meta.url));

/**
 * The scheduler's cost on a large catalog: `due` of the bench licenses are brought within a
 * reminder offset of their expiry, then one `runScheduler` in a process of its own (as a worker
 * runs it) sweeps them — recording one `license.expiring_soon` each, with its audit event, its
 * outbox rows and the customer's reminder email — while the load generator keeps verifying against the server. Also measured: a
 * sweep with nothing due (what every worker pays each SCHEDULER_INTERVAL_MS).
 */
export interface SchedulerBench {
  licenses: number;
  due: number;
  sweepMs: number;
  events: number;
  /** Customer reminders the sweep queued. */
  messages: number;
  idleSweepMs: number;
  /** Verification throughput just before, and while the sweep runs. */
  before: LoadResult;
  during: LoadResult;
}

export async function runSchedulerBench(options: {
  databaseUrl: string;
  run: RunSql;
  licenses: number;
  due: number;
  /** A verification load of `seconds` against the running server. */
  verify: (name: string, seconds: number) => Promise<LoadResult>;
  seconds: number;
}): Promise<SchedulerBench> {
  const { run, due } = options;
  // Triggers off for the set-up (as the seeding): 10k expiry changes would otherwise make every
  // server forget its whole cache ('*'), which is not what the sweep itself costs.
  await run("set session_replication_role = replica").catch(() => undefined);
  // Each due license has a customer with an address: every reminder is also a customer message.
  await run(
    `insert into customers (id, vendor_id, email)
     select 'cus_bench' || i, l.vendor_id, 'buyer' || i || '@example.com'
     from generate_series(1, $1::int) i join licenses l on l.id = 'lic_bench' || i
     on conflict do nothing`,
    [due],
  );
  await run(
    `update licenses set expires_at = now() + interval '3 days', lifecycle_due_at = 'epoch', lifecycle_sent = '{}',
       customer_id = 'cus_bench' || substr(id, 10)
     where id in (select 'lic_bench' || i from generate_series(1, $1::int) i)`,
    [due],
  );
  await run("set session_replication_role = default").catch(() => undefined);

  const before = await options.verify("verify: native, before the sweep", options.seconds);
  const sweep = sweepInChild(options.databaseUrl);
  await sweep.ready;
  const during = await options.verify("verify: native, while the scheduler sweeps", options.seconds);
  const swept = await sweep.done;
  const idle = await sweepInChild(options.databaseUrl).done;
  return {
    licenses: options.licenses,
    due,
    sweepMs: Math.round(swept.ms),
    events: swept.events,
    messages: Number(
      ((await run("select count(*)::int as n from customer_messages")) as { n: number }[])[0]?.n ?? 0,
    ),
    idleSweepMs: Number(idle.ms.toFixed(1)),
    before,
    during,
  };
}

/** `scheduler-sweep.ts` in a child process: when it is connected, and its figures. */
function sweepInChild(databaseUrl: string): {
  ready: Promise<void>;
  done: Promise<{ ms: number; events: number }>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", sweepScript], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
    if (out.includes("ready\n")) markReady();
  });
  const done = new Promise<{ ms: number; events: number }>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      markReady();
      if (code !== 0) return reject(new Error(`scheduler sweep exited with ${code}`));
      resolve(JSON.parse(out.trim().split("\n").pop() ?? "{}") as { ms: number; events: number });
    });
  });
  return { ready, done };
}
