import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { ResolvedAddress } from "./url-guard";

/** How much of a receiver's answer is read (and kept in the attempt log). */
export const RESPONSE_SNIPPET_BYTES = 4096;

export interface PostWebhookRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Checked addresses to connect to (production); null: resolve as usual. */
  pinned: ResolvedAddress[] | null;
  agents: WebhookAgents;
}

export interface PostWebhookResult {
  statusCode: number | null;
  durationMs: number;
  /** First bytes of the answer, as text. */
  snippet: string | null;
  /** Why no status arrived (refused, timed out…), or null. */
  error: string | null;
}

export interface WebhookAgents {
  http: http.Agent;
  https: https.Agent;
  destroy(): void;
}

/**
 * Keep-alive agents: one worker reuses connections to the same receiver. As many idle
 * connections are kept per receiver as can be busy at once: with fewer, every burst of
 * concurrent deliveries closed the surplus and opened it again on the next one.
 */
export function createWebhookAgents(maxSockets = 64): WebhookAgents {
  const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: 60_000 };
  const agents = { http: new http.Agent(options), https: new https.Agent(options) };
  return {
    ...agents,
    destroy() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/**
 * One POST. Redirects are never followed (node:http does not), the whole exchange is bounded by
 * `timeoutMs`, and at most RESPONSE_SNIPPET_BYTES of the answer are read. Never throws: a
 * failure is a result with `error`.
 */
export function postWebhook(request: PostWebhookRequest): Promise<PostWebhookResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const secure = request.url.protocol === "https:";
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostWebhookResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const req = (secure ? httpsRequest : http.request)(request.url, {
      method: "POST",
      headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
      agent: secure ? request.agents.https : request.agents.http,
      ...(request.pinned ? { lookup: pinnedLookup(request.pinned) } : {}),
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${request.timeoutMs} ms`));
    }, request.timeoutMs);

    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () =>
        finish({
          statusCode: res.statusCode ?? null,
          snippet: snippetOf(Buffer.concat(chunks).subarray(0, RESPONSE_SNIPPET_BYTES)),
          error: null,
        });
      res.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_SNIPPET_BYTES) {
          done();
          res.destroy();
        }
      });
      res.on("end", done);
      // The status already arrived: a body cut short does not change the outcome.
      res.on("error", done);
      res.on("close", done);
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      finish({ statusCode: null, snippet: null, error: describeError(err) });
    });
    req.end(request.body);
  });
}

function httpsRequest(url: URL, options: https.RequestOptions) {
  return https.request(url, options);
}

/** Connects only to the addresses checked before the request (no second DNS answer). */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      callback(null, addresses);
      return;
    }
    const first = addresses[0];
    if (!first) callback(new Error("no address"), "", 4);
    else callback(null, first.address, first.family);
  };
}

function describeError(err: NodeJS.ErrnoException): string {
  const message = err.message || "request failed";
  return (err.code && !message.includes(err.code) ? `${err.code}: ${message}` : message).slice(0, 500);
}

/** Text for the attempt log: valid UTF-8 without NUL (Postgres text refuses it). */
function snippetOf(bytes: Buffer): string | null {
  if (bytes.length === 0) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping NUL is the point.
  return bytes.toString("utf8").replace(/\u0000/g, "");
}
