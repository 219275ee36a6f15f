import { runScheduler } from "@keyway/core";
import { createDb } from "@keyway/db";
import type { RunSql } from "./dataset";
import type { LoadResult } from "./load";

/**
 * The scheduler's cost on a large catalog: `due` of the bench licenses are brought within a
 * reminder offset of their expiry, then one `runScheduler` (in this process, as a worker would
 * run it) sweeps them — recording one `license.expiring_soon` each, with its audit event and
 * outbox rows — while the load generator keeps verifying against the server. Also measured: a
 * sweep with nothing due (what every worker pays each SCHEDULER_INTERVAL_MS).
 */
export interface SchedulerBench {
  licenses: number;
  due: number;
  sweepMs: number;
  events: number;
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
  await run(
    `update licenses set expires_at = now() + interval '3 days', lifecycle_due_at = 'epoch', lifecycle_sent = '{}'
     where id in (select 'lic_bench' || i from generate_series(1, $1::int) i)`,
    [due],
  );
  await run("set session_replication_role = default").catch(() => undefined);

  const handle = await createDb({ databaseUrl: options.databaseUrl, max: 4 });
  const orderSettings = {
    gateways: {},
    sandbox: "stand-in" as const,
    publicUrl: "http://127.0.0.1",
    ttlMinutes: 60,
  };
  try {
    const before = await options.verify("verify: native, before the sweep", options.seconds);
    const started = performance.now();
    let sweepMs = 0;
    let events = 0;
    const sweep = runScheduler(handle.db, { now: new Date(), orderSettings }).then((r) => {
      sweepMs = performance.now() - started;
      events = r.events;
    });
    const during = await options.verify("verify: native, while the scheduler sweeps", options.seconds);
    await sweep;
    const idleStarted = performance.now();
    await runScheduler(handle.db, { now: new Date(), orderSettings });
    const idleSweepMs = performance.now() - idleStarted;
    return {
      licenses: options.licenses,
      due,
      sweepMs: Math.round(sweepMs),
      events,
      idleSweepMs: Number(idleSweepMs.toFixed(1)),
      before,
      during,
    };
  } finally {
    await handle.close();
  }
}
