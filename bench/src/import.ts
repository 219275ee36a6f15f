import { fileURLToPath } from "node:url";
import { demoCredential } from "./requests";

/**
 * Moving in from another system: 100,000 licenses (a third with an activation, all with a
 * customer) imported through `POST /api/v1/licenses/import` in calls of 10,000 JSON Lines, then
 * checked: imported keys verify on the native route (the verification cache stays right) and the
 * same file again changes nothing. The target: the 100,000 in under a minute.
 */
export interface ImportBench {
  rows: number;
  ms: number;
  rowsPerSec: number;
  rerunMs: number;
  verified: number;
}

const CALL_ROWS = 10_000;

export async function runImportBench(url: string, rows = 100_000): Promise<ImportBench> {
  const tag = Date.now().toString(36);
  const calls: string[] = [];
  for (let start = 0; start < rows; start += CALL_ROWS) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + CALL_ROWS); i++) {
      lines.push(
        JSON.stringify({
          key: `moved.${tag}.${i.toString(36).padStart(5, "0")}`,
          product: "example-product",
          expiresAt: "2036-01-01T00:00:00Z",
          maxSeats: 2,
          activations: i % 3 === 0 ? [`site-${i}.example.com`] : [],
          customerEmail: `buyer-${i % 20_000}@${tag}.example.com`,
        }),
      );
    }
    calls.push(lines.join("\n"));
  }
  const send = async (content: string) => {
    const res = await fetch(`${url}/api/v1/licenses/import`, {
      method: "POST",
      headers: { "content-type": "application/json", ...demoCredential },
      body: JSON.stringify({ format: "jsonl", content }),
    });
    const body = (await res.json()) as { created: number; unchanged: number; failed: number };
    if (res.status !== 200 || body.failed > 0)
      throw new Error(`import refused: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    return body;
  };

  const started = performance.now();
  let created = 0;
  for (const content of calls) created += (await send(content)).created;
  const ms = performance.now() - started;
  if (created !== rows) throw new Error(`imported ${created} of ${rows}`);

  const again = performance.now();
  let unchanged = 0;
  for (const content of calls) unchanged += (await send(content)).unchanged;
  const rerunMs = performance.now() - again;
  if (unchanged !== rows) throw new Error(`re-run left ${unchanged} of ${rows} unchanged`);

  let verified = 0;
  for (let n = 0; n < 200; n++) {
    const i = Math.floor(Math.random() * rows);
    const res = await fetch(`${url}/api/v1/licenses/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: `moved.${tag}.${i.toString(36).padStart(5, "0")}` }),
    });
    if (res.status === 200) verified += 1;
  }
  if (verified !== 200) throw new Error(`${200 - verified} of 200 imported keys did not verify`);
  return {
    rows,
    ms: Math.round(ms),
    rowsPerSec: Math.round((rows / ms) * 1000),
    rerunMs: Math.round(rerunMs),
    verified,
  };
}

export function importLine(r: ImportBench): string {
  const verdict = r.ms < 60_000 ? "met" : "NOT met";
  return `Import: ${r.rows.toLocaleString("en")} licenses through \`POST /api/v1/licenses/import\` (10,000 JSON Lines a call) in ${(r.ms / 1000).toFixed(1)} s (${r.rowsPerSec.toLocaleString("en")} rows/s; target under 60 s: ${verdict}); the same file again, all unchanged, in ${(r.rerunMs / 1000).toFixed(1)} s; ${r.verified} of 200 random imported keys verified at once.`;
}

// `pnpm --filter @keyway/bench bench:import`: on its own scratch database and server.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { createScratchDatabase } = await import("./requests");
  const { startKeyway } = await import("./servers");
  const scratch = await createScratchDatabase(
    process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    "keyway_bench_import",
  );
  const keyway = await startKeyway(scratch.url, 3320);
  try {
    const result = await runImportBench(keyway.url, Number(process.env.BENCH_IMPORT_ROWS ?? 100_000));
    process.stdout.write(`${importLine(result)}\n`);
  } finally {
    await keyway.stop();
    await scratch.drop();
  }
}
