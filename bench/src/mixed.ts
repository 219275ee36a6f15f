import http from "node:http";
import type { AddressInfo } from "node:net";
import { type LoadResult, load } from "./load";
import { demoCredential, purchaseRequest, validateRequest } from "./requests";
import { startWorker } from "./servers";

/**
 * The mixed row: native verification under load while orders are taken and webhooks delivered
 * at the same time, on one server process and one worker process (`pnpm worker`), with the
 * p99 of each. Deliveries come from licenses suspended and reinstated through the REST API by
 * CHURN_LOOPS clients in turn (each change is one `license.suspended` / `license.reinstated`
 * event); their figure is commit → receipt at a loopback receiver.
 */
export interface MixedBench {
  verify: LoadResult;
  orders: LoadResult;
  deliveries: LoadResult;
  /** The suspend / reinstate requests that made the events. */
  changes: LoadResult;
}

const CHURN_LOOPS = 8;
const CHURN_LICENSES = 40;

export async function runMixedBench(options: {
  keywayUrl: string;
  databaseUrl: string;
  pick: () => number;
  seconds: number;
  /** Verification connections; orders get a fifth as many (at least 5). */
  connections: number;
}): Promise<MixedBench> {
  const { keywayUrl, seconds } = options;
  const auth = { authorization: `Bearer ${demoCredential["x-api-secret"]}` };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${keywayUrl}/api/v1${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await res.json()) as Record<string, unknown>;
    if (!res.ok)
      throw new Error(`mixed: ${method} ${path} answered ${res.status}: ${JSON.stringify(answer)}`);
    return answer;
  };

  const lags: number[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { created_at: string };
      lags.push(Date.now() - Date.parse(event.created_at));
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const { port } = receiver.address() as AddressInfo;
  const endpoint = await api("POST", "/webhook-endpoints", {
    url: `http://127.0.0.1:${port}/hooks`,
    events: ["license.suspended", "license.reinstated"],
  });
  const products = (await api("GET", "/products")) as unknown as { id: string; slug: string }[];
  const software = products.find((p) => p.slug === "example-product");
  const licenses: string[] = [];
  for (let i = 0; i < CHURN_LICENSES; i++) {
    licenses.push(String((await api("POST", "/licenses", { productId: software?.id })).id));
  }
  const worker = startWorker(options.databaseUrl);
  try {
    // The worker is up once a first change is delivered.
    await api("POST", `/licenses/${licenses[0]}/suspend`);
    await api("POST", `/licenses/${licenses[0]}/reinstate`);
    await until(() => lags.length >= 2, 60_000, "the worker's first deliveries");
    lags.length = 0;

    let running = true;
    const changeMs: number[] = [];
    const churn = async (loop: number) => {
      for (let i = 0; running; i++) {
        const license = licenses[(loop + i * CHURN_LOOPS) % licenses.length];
        // Each loop owns its licenses (loop ≡ index mod CHURN_LOOPS), so suspend / reinstate alternate.
        const action = Math.floor(i / (CHURN_LICENSES / CHURN_LOOPS)) % 2 === 0 ? "suspend" : "reinstate";
        const t0 = performance.now();
        await api("POST", `/licenses/${license}/${action}`);
        changeMs.push(performance.now() - t0);
      }
    };
    const started = performance.now();
    const churning = Promise.all(Array.from({ length: CHURN_LOOPS }, (_, l) => churn(l)));
    const [verify, orders] = await Promise.all([
      load({
        name: "mixed: verify native POST /api/v1/licenses/validate",
        url: keywayUrl,
        ...validateRequest(options.pick),
        connections: options.connections,
        seconds,
      }),
      load({
        name: "mixed: order Biznoq POST /api/purchase",
        url: keywayUrl,
        ...purchaseRequest,
        connections: Math.max(5, Math.round(options.connections / 5)),
        seconds,
      }),
    ]);
    running = false;
    await churning;
    const churnSeconds = (performance.now() - started) / 1000;
    await until(() => lags.length >= changeMs.length, 120_000, "every change delivered");
    const deliveredSeconds = (performance.now() - started) / 1000;
    return {
      verify,
      orders,
      deliveries: summary(
        "mixed: webhook deliveries (commit → receipt)",
        lags,
        lags.length / deliveredSeconds,
      ),
      changes: summary(
        "mixed: suspend / reinstate (makes the events)",
        changeMs,
        changeMs.length / churnSeconds,
      ),
    };
  } finally {
    await worker.stop();
    await fetch(`${keywayUrl}/api/v1/webhook-endpoints/${endpoint.id}`, { method: "DELETE", headers: auth });
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}

function summary(name: string, samples: number[], perSecond: number): LoadResult {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return {
    name,
    requestsPerSec: Math.round(perSecond),
    p50: at(0.5),
    p99: at(0.99),
    total: samples.length,
    non2xx: 0,
    errors: 0,
  };
}

/** Polls `check` (waiting for work, bounded). */
async function until(check: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`mixed: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
