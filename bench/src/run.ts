import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { benchDomain, benchKey, growLicenses } from "./dataset";
import { type ImportBench, importLine, runImportBench } from "./import";
import { type LoadResult, load, loadInterleaved } from "./load";
import { runMixedBench } from "./mixed";
import { runPgliteBench } from "./pglite";
import {
  blenddoitRequest,
  createScratchDatabase,
  demoCredential,
  purchaseRequest,
  validateRequest,
} from "./requests";
import { runSchedulerBench, type SchedulerBench } from "./scheduler";
import { floorAnswerFrom, postgresCpuMs, startBare, startKeyway, waitPrimed } from "./servers";
import { issue21Targets, targetsMarkdown } from "./targets";

/**
 * `pnpm bench`: the real server on real Postgres beside a bare Fastify route, in the same run.
 * Writes bench/results/latest.json and latest.md.
 */
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Rounds of the floor rows and native verification, taken in turn (load.ts loadInterleaved). */
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const scales = (process.env.BENCH_SCALES ?? "10000,100000,1000000").split(",").map(Number);
const mainScale = Number(process.env.BENCH_MAIN_SCALE ?? 100_000);
const withWebhooks = process.env.BENCH_WEBHOOKS !== "off";
const notes: string[] = [];

const resultsDir = fileURLToPath(new URL("../results/", import.meta.url));
const scratch = await createScratchDatabase(adminUrl, "keyway_bench");
const databaseUrl = scratch.url;
const rows: LoadResult[] = [];
const scaleRows: {
  licenses: number;
  native: LoadResult;
  /** The first 5 s of native verification right after priming (before the steady-state runs). */
  afterPriming: LoadResult;
  blenddoit: LoadResult;
  primeMs: number;
  cached: number;
  rssMiB: number;
  /** Licenses and seats written back per native verification measured (last-seen writes). */
  rowsPerVerification: number;
  /** CPU per native verification measured, in µs: the server's and Postgres's (last batch included). */
  serverCpuUs: number;
  postgresCpuUs: number;
}[] = [];
let freshness: { samples: number; p50: number; p99: number; max: number } | null = null;
const mixedRows: LoadResult[] = [];
let scheduler: SchedulerBench | null = null;
let licenseImport: ImportBench | null = null;
let loaded = 0;
const pick = () => 1 + Math.floor(Math.random() * loaded);

let keyway = await startKeyway(databaseUrl, 3310);
const bare = await startBare(3311);
// One connection: the seeding's session settings (dataset.ts) apply to every statement.
const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
const started = performance.now();
const log = (s: string) =>
  process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}\n`);

const native = (name: string, secs = seconds, url = keyway.url) =>
  load({
    name,
    url,
    ...validateRequest(pick),
    connections,
    seconds: secs,
  });
const blenddoit = (name: string, secs = seconds) =>
  load({
    name,
    url: keyway.url,
    ...blenddoitRequest(pick),
    connections,
    seconds: secs,
  });

try {
  for (const scale of scales.sort((a, b) => a - b)) {
    log(`seeding licenses to ${scale.toLocaleString("en")}…`);
    // A fresh process per catalog size: it primes its verification cache at start, as after a
    // deploy. The previous one stops first so that seeding does not share the cores with it.
    await keyway.stop();
    await growLicenses((text, params) => sql.unsafe(text, params as never[]), loaded + 1, scale);
    loaded = scale;
    keyway = await startKeyway(databaseUrl, 3310);
    const primed = await waitPrimed(keyway.url);
    log(`  verification cache primed: ${primed.entries.toLocaleString("en")} licenses in ${primed.ms} ms`);
    // The first seconds after priming are slower, more so the bigger the catalog (at 1M: ~30 %
    // in the first 5 s, then steady; the heap priming built is still being settled, and the JIT
    // is warming up). They are measured and shown apart; the figures after are the steady state.
    const afterPriming = await native("first 5 s after priming", 5);
    await blenddoit("warm-up", 1);
    if (scale === mainScale) {
      log("  main table: bare, floor, native, Blenddoit, cache off, orders…");
      rows.push(await load({ name: "bare Fastify JSON route", url: bare.url, connections, seconds }));
      // The floor answers what the server answers: one real validate answer, sent back as is.
      const answerBytes = await floorAnswerFrom(keyway.url, bare.url);
      // The floor, the floor with the answer signed (bench/src/bare-server.ts) and native
      // verification, in turn over BENCH_ROUNDS rounds, each by its median (load.ts).
      rows.push(
        ...(await loadInterleaved(
          [
            {
              name: `bare Fastify, the validate request's JSON body in, a real validate answer (${answerBytes} B) out`,
              url: bare.url,
              ...validateRequest(pick, "/answer"),
            },
            {
              name: "bare Fastify, the same, its answer signed as verification answers are (Ed25519, docs/signatures.md)",
              url: bare.url,
              ...validateRequest(pick, "/signed-answer"),
            },
            {
              name: `verify: native POST /api/v1/licenses/validate (${scale.toLocaleString("en")} licenses)`,
              url: keyway.url,
              ...validateRequest(pick),
            },
          ].map((option) => ({ ...option, connections, seconds })),
          rounds,
        )),
      );
      rows.push(
        await blenddoit(`verify: Blenddoit POST /api/verify-license.php (${scale.toLocaleString("en")})`),
      );
      // The database path alone, for comparison: the same route with the cache switched off.
      const uncached = await startKeyway(databaseUrl, 3312, { VERIFY_CACHE: "off" });
      try {
        await native("warm-up", 1, uncached.url);
        rows.push(
          await native(
            `verify: native, VERIFY_CACHE=off (${scale.toLocaleString("en")} licenses)`,
            seconds,
            uncached.url,
          ),
        );
      } finally {
        await uncached.stop();
      }
      const probe = await fetch(`${keyway.url}/api/purchase`, {
        method: "POST",
        headers: purchaseRequest.headers,
        body: "{}",
      });
      if (probe.status === 404) {
        notes.push("order: Biznoq POST /api/purchase is not served by this build (404): not measured.");
      } else {
        try {
          rows.push(
            await load({
              name: "order: Biznoq POST /api/purchase",
              url: keyway.url,
              ...purchaseRequest,
              connections,
              seconds,
            }),
          );
        } catch (error) {
          notes.push(`order: Biznoq POST /api/purchase failed: ${(error as Error).message}`);
        }
      }
      if (process.env.BENCH_MIXED !== "off") {
        log("  mixed: verification while orders and webhook deliveries run…");
        try {
          const mixed = await runMixedBench({
            keywayUrl: keyway.url,
            databaseUrl,
            pick,
            seconds,
            connections,
          });
          mixedRows.push(mixed.verify, mixed.orders, mixed.deliveries, mixed.changes);
        } catch (error) {
          notes.push(`mixed row failed: ${(error as Error).message}`);
        }
      }
    }
    log(`  latency at ${scale.toLocaleString("en")}…`);
    // The median of three runs: one 5 s run on this machine moves by ±10 % on its own, as much as
    // the difference between catalog sizes being measured.
    const nativeRuns: LoadResult[] = [];
    const measuredFrom = new Date();
    const cpuBefore = { server: keyway.cpuMs(), postgres: postgresCpuMs() };
    for (let run = 0; run < 3; run += 1)
      nativeRuns.push(await native(`native @ ${scale}`, Math.max(5, seconds / 2)));
    // What grows with the catalog: a license not verified in the last minute is written back
    // (`last_verified`, batched every 2 s); wait for the last batch.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const verified = nativeRuns.reduce((sum, r) => sum + r.total, 0);
    const rowsPerVerification = (await rowsSeenSince(measuredFrom)) / verified;
    const serverCpuUs = ((keyway.cpuMs() - cpuBefore.server) * 1000) / verified;
    const postgresCpuUs = ((postgresCpuMs() - cpuBefore.postgres) * 1000) / verified;
    nativeRuns.sort((a, b) => a.requestsPerSec - b.requestsPerSec);
    scaleRows.push({
      licenses: scale,
      rowsPerVerification,
      serverCpuUs,
      postgresCpuUs,
      afterPriming,
      native: nativeRuns[1] as LoadResult,
      blenddoit: await blenddoit(`blenddoit @ ${scale}`, Math.max(5, seconds / 2)),
      primeMs: primed.ms,
      cached: primed.entries,
      rssMiB: keyway.rssMiB(),
    });
  }
  if (process.env.BENCH_SCHEDULER !== "off") {
    const due = Math.min(loaded, Number(process.env.BENCH_SCHEDULER_DUE ?? 10_000));
    log(
      `scheduler: sweeping ${due.toLocaleString("en")} due of ${loaded.toLocaleString("en")} licenses under load…`,
    );
    scheduler = await runSchedulerBench({
      databaseUrl,
      run: (text, params) => sql.unsafe(text, params as never[]),
      licenses: loaded,
      due,
      verify: (name, secs) => native(name, secs),
      seconds,
    });
  }
  log("revocation → refusal on a second process…");
  freshness = await measureFreshness();
  if (process.env.BENCH_IMPORT !== "off") {
    log("import: 100,000 licenses through the REST import…");
    licenseImport = await runImportBench(keyway.url);
  }
} finally {
  await keyway.stop();
  await bare.stop();
  await sql.end();
  await scratch.drop();
}

let pglite: Awaited<ReturnType<typeof runPgliteBench>> | null = null;
if (process.env.BENCH_PGLITE !== "off") {
  // Fewer licenses than on Postgres by default: seeding and priming the embedded database run
  // in WebAssembly (100k cost ~25 s more); with the cache, verification does not depend on size.
  const licenses = Number(process.env.BENCH_PGLITE_LICENSES ?? 20_000);
  log(`PGlite: seeding ${licenses.toLocaleString("en")} licenses into an embedded data directory…`);
  pglite = await runPgliteBench({ licenses, connections, seconds: Math.max(5, seconds / 2), log });
}

// The cache's own cost a license at 1M, measured directly (bench:cache-memory, its own process
// with --expose-gc): the server's RSS growth also counts V8's free heap and everything else.
let cacheBytesPerLicense: number | null = null;
if (scales.includes(1_000_000) && process.env.BENCH_CACHE_MEMORY !== "off") {
  log("verification cache memory at 1,000,000 licenses…");
  const run = spawnSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", fileURLToPath(new URL("./cache-memory.ts", import.meta.url))],
    { env: { ...process.env, CACHE_MEMORY_SIZES: "1000000" }, encoding: "utf8" },
  );
  const line = run.stdout.split("\n").find((l) => l.startsWith("{"));
  if (line) cacheBytesPerLicense = (JSON.parse(line) as { bytesPerLicense: number }).bytesPerLicense;
  else notes.push(`cache memory: not measured (${run.stderr.trim().split("\n").at(-1) ?? run.status})`);
}

let webhooks: Record<string, unknown> | null = null;
try {
  if (!withWebhooks) throw new Error("skipped (BENCH_WEBHOOKS=off)");
  log("webhook delivery…");
  const mod = (await import("./webhooks")) as { runWebhookBench?: () => Promise<Record<string, unknown>> };
  if (mod.runWebhookBench) webhooks = await mod.runWebhookBench();
} catch (error) {
  log(`webhook benchmark unavailable: ${(error as Error).message}`);
}

/** Licenses and seats whose last verification (`last_verified`) was written at or after `since`. */
async function rowsSeenSince(since: Date): Promise<number> {
  const [row] = await sql<
    { n: string }[]
  >`select count(*)::text as n from last_verified where at >= ${since}`;
  return Number(row?.n ?? 0);
}

/**
 * The staleness bound across processes: revoke a license through one server and poll a second
 * server (its own process and cache, which holds the license) until it refuses the key.
 */
async function measureFreshness(samples = 25) {
  const reader = await startKeyway(databaseUrl, 3313, { VERIFY_CACHE_PRIME: "off" });
  const lags: number[] = [];
  try {
    const validate = async (i: number) =>
      (
        await fetch(`${reader.url}/api/v1/licenses/validate`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ key: benchKey(i), domain: benchDomain(i) }),
        })
      ).status;
    for (let s = 0; s < samples; s++) {
      const i = pick();
      if ((await validate(i)) !== 200 || (await validate(i)) !== 200) throw new Error("freshness: not valid");
      const revoked = await fetch(`${keyway.url}/api/v1/licenses/lic_bench${i}/revoke`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${demoCredential["x-api-secret"]}`,
        },
        body: "{}",
      });
      if (!revoked.ok) throw new Error(`freshness: revoke answered ${revoked.status}`);
      const committed = performance.now();
      while ((await validate(i)) === 200) {
        if (performance.now() - committed > 5_000) throw new Error("freshness: still valid after 5 s");
      }
      lags.push(performance.now() - committed);
    }
  } finally {
    await reader.stop();
  }
  lags.sort((a, b) => a - b);
  const at = (q: number) =>
    Number((lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? 0).toFixed(1));
  return { samples, p50: at(0.5), p99: at(0.99), max: at(1) };
}

const bareRps = rows[0]?.requestsPerSec ?? 1;
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, Postgres (${adminUrl.replace(/\/\/[^@]*@/, "//")})`;
const table = [
  `| route | req/s | p50 ms | p99 ms | × bare |`,
  `| --- | ---: | ---: | ---: | ---: |`,
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.requestsPerSec.toLocaleString("en")} | ${r.p50} | ${r.p99} | ${(r.requestsPerSec / bareRps).toFixed(2)} |`,
  ),
].join("\n");
const scaleTable = [
  `| licenses | native req/s | native p50 / p99 ms | native req/s, first 5 s after priming | rows written a verification | CPU a verification: server / Postgres µs | Blenddoit req/s | Blenddoit p50 / p99 ms | cache primed | server RSS |`,
  `| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
  ...scaleRows.map(
    (s) =>
      `| ${s.licenses.toLocaleString("en")} | ${s.native.requestsPerSec.toLocaleString("en")} | ${s.native.p50} / ${s.native.p99} | ${s.afterPriming.requestsPerSec.toLocaleString("en")} | ${s.rowsPerVerification.toFixed(2)} | ${Math.round(s.serverCpuUs)} / ${Math.round(s.postgresCpuUs)} | ${s.blenddoit.requestsPerSec.toLocaleString("en")} | ${s.blenddoit.p50} / ${s.blenddoit.p99} | ${s.cached.toLocaleString("en")} in ${(s.primeMs / 1000).toFixed(1)} s | ${s.rssMiB} MiB |`,
  ),
].join("\n");
const freshnessLine = freshness
  ? `\n\nRevocation → refusal on another process (its own cache): ${freshness.samples} samples, p50 ${freshness.p50} ms, p99 ${freshness.p99} ms, max ${freshness.max} ms.`
  : "";
const schedulerLine = scheduler
  ? `\n\nScheduler: one sweep of ${scheduler.due.toLocaleString("en")} due licenses (a \`license.expiring_soon\` and a reminder email each) among ${scheduler.licenses.toLocaleString("en")} took ${(scheduler.sweepMs / 1000).toFixed(1)} s, paced as the worker runs it (${scheduler.events.toLocaleString("en")} events, ${scheduler.messages.toLocaleString("en")} messages); a sweep with nothing due ${scheduler.idleSweepMs} ms. Native verification meanwhile: ${scheduler.during.requestsPerSec.toLocaleString("en")} req/s (p99 ${scheduler.during.p99} ms) against ${scheduler.before.requestsPerSec.toLocaleString("en")} req/s (p99 ${scheduler.before.p99} ms) just before.`
  : "";
const importText = licenseImport ? `\n\n${importLine(licenseImport)}` : "";
const pgliteTable = pglite
  ? `\n\nEmbedded PGlite (\`pnpm start\` without DATABASE_URL), ${pglite.licenses.toLocaleString("en")} licenses:\n\n| route | req/s | p50 ms | p99 ms | × bare |\n| --- | ---: | ---: | ---: | ---: |\n${[
      pglite.cached,
      pglite.blenddoit,
      pglite.uncached,
    ]
      .map(
        (r) =>
          `| ${r.name} | ${r.requestsPerSec.toLocaleString("en")} | ${r.p50} | ${r.p99} | ${(r.requestsPerSec / bareRps).toFixed(2)} |`,
      )
      .join("\n")}`
  : "";
const webhookTable = webhooks
  ? `\n\nWebhook delivery: ${Object.entries(webhooks)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`
  : "";
const targets = issue21Targets({ rows, scales: scaleRows, webhooks, cacheBytesPerLicense });
const targetsText = `\n\n${targetsMarkdown(targets, mixedRows)}`;
const markdown = `Machine: ${machine}. ${connections} connections, ${seconds} s per run (the floor rows and native verification: the median of ${rounds} rounds taken in turn), server and load generator on the same machine.\n\n${table}\n\nVerification latency by catalog size:\n\n${scaleTable}${freshnessLine}${schedulerLine}${importText}${pgliteTable}${webhookTable}${targetsText}${notes.length ? `\n\n${notes.map((n) => `- ${n}`).join("\n")}` : ""}\n`;

mkdirSync(resultsDir, { recursive: true });
const at = new Date().toISOString();
writeFileSync(
  `${resultsDir}latest.json`,
  `${JSON.stringify({ at, machine, connections, seconds, rows, scales: scaleRows, mixed: mixedRows, targets, freshness, scheduler, licenseImport, pglite, webhooks, notes }, null, 2)}\n`,
);
writeFileSync(`${resultsDir}latest.md`, `${markdown}`);
log(`done\n\n${markdown}`);
