/**
 * `pnpm bench:webhooks`: webhook delivery throughput and commit→receipt lag against Postgres.
 *
 * Creates a scratch database on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test),
 * registers a loopback receiver as an endpoint, and measures:
 *   burst:  BENCH_EVENTS events committed while no worker runs, then the workers drain them;
 *   steady: events committed at BENCH_RATE per second while the workers run; lag per event.
 * BENCH_WORKERS worker loops, each with its own connection pool as separate processes would.
 * The scratch database is dropped at the end. Not a test: it prints figures, asserts nothing.
 *
 * Other load on the machine moves deliveries/s, so it also prints what the burst cost: CPU of
 * this process and of the Postgres backends serving the scratch database per delivery (from
 * /proc, when Postgres runs on this machine), and statements per delivery (pg_stat_database). BENCH_PROFILE=file writes
 * a V8 CPU profile of the burst drain alone; BENCH_SECONDS=0 skips the steady phase.
 */
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { Session } from "node:inspector/promises";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { createSecretBox, createWebhookEndpoint, createWebhookWorker, recordEvent } from "@keyway/core";
import { createDb, type DbHandle, sql } from "@keyway/db";
import { seedDemo } from "@keyway/db/seed";

const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const burstEvents = Number(process.env.BENCH_EVENTS ?? 5000);
const steadyRate = Number(process.env.BENCH_RATE ?? 200);
const steadySeconds = Number(process.env.BENCH_SECONDS ?? 5);
const workerCount = Number(process.env.BENCH_WORKERS ?? 2);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const licenses = 500;

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** CPU seconds (user + system) of each process, from /proc; null when it cannot be read. */
function cpuSecondsOf(pids: number[]): Map<number, number> | null {
  const seconds = new Map<number, number>();
  try {
    for (const pid of pids) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      } catch {
        continue; // ended
      }
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / 100); // USER_HZ
    }
    return seconds;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Runs the webhook benchmark and returns its figures (label → value); `pnpm bench` calls it. */
export async function runWebhookBench(): Promise<Record<string, string>> {
  const name = `keyway_bench_${Date.now().toString(36)}`;
  const admin = await createDb({ databaseUrl: adminUrl, max: 1 });
  await admin.db.execute(sql.raw(`create database "${name}"`));
  const handles: DbHandle[] = [];
  const received = new Map<string, number>();
  let duplicates = 0;
  const receiver = http.createServer({ keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = performance.now();
      const { id } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string };
      if (received.has(id)) duplicates++;
      else received.set(id, at);
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

  try {
    const main = await createDb({ databaseUrl: withDatabase(adminUrl, name), max: 10 });
    handles.push(main);
    await main.migrate();
    const { vendorId } = await seedDemo(main.db);
    const secrets = createSecretBox("keyway-bench-server-key");
    await createWebhookEndpoint(main.db, {
      vendorId,
      url: receiverUrl,
      format: "native",
      events: [],
      secrets,
      urlPolicy: { allowPrivate: true },
    });

    const committedAt = new Map<string, number>();
    let counter = 0;
    /** One transaction per call, as a payment or renewal would commit its events. */
    async function commitEvents(n: number) {
      const ids: string[] = [];
      await main.db.transaction(async (tx) => {
        for (let i = 0; i < n; i++) {
          const licenseId = `lic_bench_${counter % licenses}`;
          const { eventId } = await recordEvent(tx, {
            vendorId,
            type: "license.renewed",
            subjectType: "license",
            subjectId: licenseId,
            licenseId,
            data: { license_id: licenseId, n: counter++ },
          });
          ids.push(eventId);
        }
      });
      const at = performance.now();
      for (const id of ids) committedAt.set(id, at);
    }

    const workerHandles: DbHandle[] = [];
    async function startWorkers() {
      const workers = [];
      for (let i = 0; i < workerCount; i++) {
        const handle = await createDb({ databaseUrl: withDatabase(adminUrl, name), max: 4 });
        handles.push(handle);
        workerHandles.push(handle);
        const worker = createWebhookWorker({
          db: handle.db,
          secrets,
          allowPrivateUrls: true,
          listen: handle.listen,
          concurrency,
          onError: (e) => process.stderr.write(`worker error: ${String(e)}\n`),
        });
        await worker.start();
        workers.push(worker);
      }
      return workers;
    }

    async function waitForAll(expected: number, timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (received.size < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    }

    // Burst: a backlog, then the workers drain it.
    process.stdout.write(`burst: committing ${burstEvents} events…\n`);
    const committing = performance.now();
    // Transactions of 50 events, 8 at a time (setup, not measured: one at a time took ~30 s).
    let queued = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (queued < burstEvents) {
          const n = Math.min(50, burstEvents - queued);
          queued += n;
          await commitEvents(n);
        }
      }),
    );
    process.stdout.write(
      `burst: committed in ${((performance.now() - committing) / 1000).toFixed(1)} s; draining…\n`,
    );
    const statements = async () => {
      const result = await main.db.execute(
        sql`select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`,
      );
      return Number((Array.isArray(result) ? result : (result as { rows: unknown[] }).rows)[0]?.n ?? 0);
    };
    // pg_stat_database is refreshed at most every 500 ms (stats_fetch_consistency aside).
    await new Promise((r) => setTimeout(r, 600));
    const statementsBefore = await statements();
    const profile = process.env.BENCH_PROFILE ? new Session() : null;
    if (profile) {
      profile.connect();
      await profile.post("Profiler.enable");
      await profile.post("Profiler.start");
    }
    const cpuBefore = process.cpuUsage();
    // The backends serving the scratch database (not other databases' load on the same server).
    const backends = async () => {
      const result = await main.db.execute(
        sql`select pid from pg_stat_activity where datname = current_database()`,
      );
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
        pid: number;
      }[];
      return rows.map((r) => Number(r.pid));
    };
    const pgCpuBefore = cpuSecondsOf(await backends());
    const burstStart = performance.now();
    let workers = await startWorkers();
    await waitForAll(burstEvents, 300_000);
    const burstSeconds = (performance.now() - burstStart) / 1000;
    const burstDelivered = received.size;
    const cpu = process.cpuUsage(cpuBefore);
    const pgCpuAfter = cpuSecondsOf(await backends());
    let pgCpu: number | null = null;
    if (pgCpuBefore && pgCpuAfter && pgCpuAfter.size > 0) {
      pgCpu = 0;
      for (const [pid, s] of pgCpuAfter) pgCpu += s - (pgCpuBefore.get(pid) ?? 0);
    }
    if (profile) {
      const { profile: data } = await profile.post("Profiler.stop");
      writeFileSync(process.env.BENCH_PROFILE ?? "", JSON.stringify(data));
      profile.disconnect();
    }
    for (const w of workers) await w.stop();
    // A backend reports its counters when it ends (an idle one may wait seconds to).
    for (const h of workerHandles.splice(0)) {
      await h.close();
      handles.splice(handles.indexOf(h), 1);
    }
    await new Promise((r) => setTimeout(r, 600));
    // Less the statement that read the counter.
    const burstStatements = (await statements()) - statementsBefore - 1;
    const perDelivery = (seconds: number) =>
      `${((seconds * 1e6) / Math.max(1, burstDelivered)).toFixed(0)} µs`;

    // Steady: workers running, events committed at a fixed rate, lag per event.
    received.clear();
    committedAt.clear();
    workers = await startWorkers();
    process.stdout.write(`steady: ${steadyRate} events/s for ${steadySeconds} s…\n`);
    const perTick = Math.max(1, Math.round(steadyRate / 50));
    const ticks = Math.round((steadyRate * steadySeconds) / perTick);
    const steadyStart = performance.now();
    for (let i = 0; i < (steadySeconds > 0 ? ticks : 0); i++) {
      const due = steadyStart + (i * 1000 * perTick) / steadyRate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      // One event per transaction: each is its own commit.
      for (let j = 0; j < perTick; j++) await commitEvents(1);
    }
    const steadyTotal = committedAt.size;
    await waitForAll(steadyTotal, 60_000);
    const steadySecondsTaken = (performance.now() - steadyStart) / 1000;
    for (const w of workers) await w.stop();
    const lags = [...committedAt]
      .map(([id, at]) => (received.get(id) ?? Number.NaN) - at)
      .filter((x) => Number.isFinite(x))
      .sort((a, b) => a - b);

    const rows: [string, string][] = [
      ["database", "Postgres (scratch database)"],
      ["workers × concurrency", `${workerCount} × ${concurrency}`],
      ["burst: deliveries", `${burstDelivered} / ${burstEvents}`],
      ["burst: deliveries/s", (burstDelivered / burstSeconds).toFixed(0)],
      ["burst: bench process CPU per delivery", perDelivery((cpu.user + cpu.system) / 1e6)],
      ["burst: Postgres backends' CPU per delivery", pgCpu === null ? "n/a" : perDelivery(pgCpu)],
      ["burst: statements per delivery", (burstStatements / Math.max(1, burstDelivered)).toFixed(2)],
      ["steady: offered rate", `${steadyRate}/s for ${steadySeconds} s`],
      ["steady: delivered", `${lags.length} / ${steadyTotal} in ${steadySecondsTaken.toFixed(1)} s`],
      ["steady: lag p50", `${percentile(lags, 50).toFixed(1)} ms`],
      ["steady: lag p99", `${percentile(lags, 99).toFixed(1)} ms`],
      ["steady: lag max", `${(lags.at(-1) ?? Number.NaN).toFixed(1)} ms`],
      ["duplicates received", String(duplicates)],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write("\nwebhook delivery to a loopback receiver\n");
    for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
    return Object.fromEntries(rows);
  } finally {
    receiver.closeAllConnections();
    receiver.close();
    for (const h of handles) await h.close();
    await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
    await admin.close();
  }
}

// Self-runs only as `pnpm bench:webhooks` (tsx src/webhooks.ts), not when imported by run.ts.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runWebhookBench();
