import type { LoadResult } from "./load";

/**
 * Issue 21's throughput and memory targets, each with its status in this run: met, not met (with
 * the figure), or not measured (which part of `pnpm bench` was switched off or failed).
 */
export interface TargetInputs {
  rows: LoadResult[];
  scales: { licenses: number; native: LoadResult; rssMiB: number }[];
  webhooks: Record<string, unknown> | null;
  /** Bytes a license costs in the verification cache at 1M, when measured directly. */
  cacheBytesPerLicense?: number | null;
}

export interface TargetStatus {
  target: string;
  status: "met" | "not met" | "not measured";
  figure: string;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en");
const rowOf = (rows: LoadResult[], prefix: string) => rows.find((r) => r.name.startsWith(prefix));

function check(
  target: string,
  value: number | null,
  met: (v: number) => boolean,
  figure: (v: number) => string,
) {
  if (value === null || !Number.isFinite(value))
    return { target, status: "not measured", figure: "—" } as const;
  return { target, status: met(value) ? "met" : "not met", figure: figure(value) } as const;
}

export function issue21Targets(input: TargetInputs): TargetStatus[] {
  const orders = rowOf(input.rows, "order: Biznoq POST /api/purchase");
  const floor = rowOf(input.rows, "bare Fastify, the validate request's JSON body in");
  const signedFloor = rowOf(input.rows, "bare Fastify, the same, its answer signed");
  const native = rowOf(input.rows, "verify: native POST /api/v1/licenses/validate");
  const burst = Number(input.webhooks?.["burst: deliveries/s"] ?? Number.NaN);
  const bySize = [...input.scales].sort((a, b) => a.licenses - b.licenses);
  const small = bySize.find((s) => s.licenses === 10_000) ?? null;
  const large = bySize.find((s) => s.licenses === 1_000_000) ?? null;
  const spread =
    small && large
      ? Math.max(...[small, large].map((s) => s.native.requestsPerSec)) /
          Math.min(...[small, large].map((s) => s.native.requestsPerSec)) -
        1
      : null;
  // Without a direct measure: what the server's resident memory grew by per license, 10k → 1M
  // (a fresh process at each size; includes everything else that grows with the catalog).
  const rssGrowth =
    small && large ? ((large.rssMiB - small.rssMiB) * 2 ** 20) / (large.licenses - small.licenses) : null;
  const perLicense = input.cacheBytesPerLicense ?? rssGrowth;
  return [
    check(
      "orders ≥ 1,000/s (Biznoq purchase row)",
      orders?.requestsPerSec ?? null,
      (v) => v >= 1_000,
      (v) => `${fmt(v)}/s (p99 ${orders?.p99} ms)`,
    ),
    check(
      "webhook deliveries ≥ 2,000/s (burst)",
      burst,
      (v) => v >= 2_000,
      (v) => `${fmt(v)}/s`,
    ),
    check(
      "native verification, 100k random keys ≥ 0.8 × floor",
      native && floor ? native.requestsPerSec / floor.requestsPerSec : null,
      (v) => v >= 0.8,
      (v) =>
        `${v.toFixed(2)} × floor (${fmt(native?.requestsPerSec ?? 0)} vs ${fmt(floor?.requestsPerSec ?? 0)} req/s)` +
        (signedFloor && native
          ? `; ${(native.requestsPerSec / signedFloor.requestsPerSec).toFixed(2)} × the floor with a signed answer (${fmt(signedFloor.requestsPerSec)} req/s)`
          : ""),
    ),
    check(
      "native verification within 15 % between 10k and 1M licenses",
      spread,
      (v) => v <= 0.15,
      (v) =>
        `${(v * 100).toFixed(0)} % apart (${fmt(small?.native.requestsPerSec ?? 0)} at 10k, ${fmt(large?.native.requestsPerSec ?? 0)} at 1M req/s)`,
    ),
    check(
      "verification cache < 0.5 KB a license at 1M",
      perLicense,
      (v) => v < 512,
      (v) =>
        input.cacheBytesPerLicense == null
          ? `${fmt(v)} B a license (server RSS growth 10k → 1M)`
          : `${fmt(v)} B a license in the cache${rssGrowth === null ? "" : `; the server's RSS grew ${fmt(rssGrowth)} B a license 10k → 1M`}`,
    ),
  ];
}

export function targetsMarkdown(targets: TargetStatus[], mixed: LoadResult[]): string {
  const lines = [
    "Issue 21 targets (this run; the machine's other load moves every figure):",
    "",
    "| target | status | figure |",
    "| --- | --- | --- |",
    ...targets.map((t) => `| ${t.target} | ${t.status} | ${t.figure} |`),
  ];
  if (mixed.length > 0) {
    lines.push(
      "",
      "Mixed: verification under load while orders and webhook deliveries run at the same time:",
      "",
      "| stream | per s | p50 ms | p99 ms |",
      "| --- | ---: | ---: | ---: |",
      ...mixed.map((r) => `| ${r.name} | ${fmt(r.requestsPerSec)} | ${r.p50} | ${r.p99} |`),
    );
  }
  return lines.join("\n");
}
