import http from "node:http";
import type { AddressInfo } from "node:net";

/** One POST as the receiver saw it: string headers (lower-case, as Node gives them) and the raw body. */
export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * A real loopback receiver that records every POST and answers 200. The raw body is kept so a
 * test can verify the signature over exactly the bytes that were sent.
 */
export async function startWebhookReceiver(path = "/hooks"): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      received.push({ headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets would hold `close` open until they time out.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The native events among what arrived, parsed (for tests that read payloads, not signatures). */
export function receivedEvents(receiver: WebhookReceiver): { type: string; data: Record<string, unknown> }[] {
  return receiver.received.map((r) => JSON.parse(r.body));
}

/** Polls `check` until it holds (a deadline, never a fixed wait). */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
