import type { IncomingMessage, ServerResponse } from "node:http";

/** The fake Stripe's wire: Stripe's form encoding in, JSON and `{error: {…}}` bodies out. */
export type Json = Record<string, unknown>;

/** Stripe's form encoding (`a[b][0][c]=v`) back into nested objects; list indexes stay keys. */
export function parseForm(raw: string): Json {
  const out: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const parts = key.replace(/\]/g, "").split("[");
    let node = out;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value;
      else {
        const child = record(node[part]) ?? {};
        node[part] = child;
        node = child;
      }
    });
  }
  return out;
}

export function record(value: unknown): Json | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

export function strings(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value) ?? {}).map(([k, v]) => [k, String(v)]));
}

export function money(minor: number, currency: string): string {
  return `${(minor / 100).toFixed(2)} ${currency}`;
}

export function bearer(req: IncomingMessage): string {
  return (req.headers.authorization ?? "").replace(/^Bearer /, "");
}

/** As Stripe shows a wrong key: its prefix and last four characters only. */
export function masked(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}${"*".repeat(key.length - 12)}${key.slice(-4)}` : "****";
}

export function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  res.writeHead(status, {
    "content-type": "application/json",
    "request-id": `req_fake${Date.now().toString(36)}`,
    ...extra,
  });
  res.end(JSON.stringify(body));
}

export function fail(res: ServerResponse, status: number, error: Json) {
  send(res, status, { error });
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
