import autocannon from "autocannon";

export interface LoadResult {
  name: string;
  requestsPerSec: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  name: string;
  url: string;
  method?: "GET" | "POST";
  path?: string;
  headers?: Record<string, string>;
  /**
   * Builds a request body. Each connection gets REQUESTS_PER_CONNECTION bodies built before the
   * run and cycles through them, so keys vary across the catalog while the load generator does
   * not spend the shared CPU building requests (building one per request cost it ~40 % of a bare
   * route's throughput on 2 cores).
   */
  body?: () => string;
  connections?: number;
  seconds?: number;
}

export const REQUESTS_PER_CONNECTION = 1_000;

/** One autocannon run. Any non-2xx answer or socket error fails the benchmark. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const makeBody = options.body;
  const request = { method: options.method ?? "GET", path: options.path ?? "/", headers: options.headers };
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 50,
    duration: options.seconds ?? 10,
    requests: [request],
    ...(makeBody
      ? {
          setupClient: (client: { setRequests(requests: object[]): void }) =>
            client.setRequests(
              Array.from({ length: REQUESTS_PER_CONNECTION }, () => ({ ...request, body: makeBody() })),
            ),
        }
      : {}),
  });
  const out: LoadResult = {
    name: options.name,
    requestsPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  if (out.non2xx > 0 || out.errors > 0) {
    throw new Error(
      `${options.name}: ${out.non2xx} non-2xx answers and ${out.errors} errors — the run fails`,
    );
  }
  return out;
}

/**
 * The runs of `options` in turn, `rounds` times over (A B C A B C …), each reported by its
 * median round. Rows compared with each other (the floor and native verification) then see the
 * same minutes of a machine whose speed drifts from one minute to the next, and one slow
 * minute moves a row by one round, not the whole figure.
 */
export async function loadInterleaved(options: LoadOptions[], rounds: number): Promise<LoadResult[]> {
  const runs: LoadResult[][] = options.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, option] of options.entries()) runs[i]?.push(await load(option));
  }
  return runs.map((results) => {
    const sorted = [...results].sort((a, b) => a.requestsPerSec - b.requestsPerSec);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    if (!median) throw new Error("loadInterleaved: no rounds");
    return median;
  });
}
