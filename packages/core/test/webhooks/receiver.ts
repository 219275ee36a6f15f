import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

export interface Receiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** Decides each answer; default 200 "ok". */
  respond: (req: ReceivedWebhook, res: http.ServerResponse) => void;
  close(): Promise<void>;
}

/** A real HTTP server on a loopback port that records every POST. */
export async function startReceiver(port = 0): Promise<Receiver> {
  const receiver: Receiver = {
    url: "",
    port: 0,
    received: [],
    respond: (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    },
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      const hook = { headers, body: Buffer.concat(chunks).toString("utf8"), receivedAt: Date.now() };
      receiver.received.push(hook);
      receiver.respond(hook, res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hooks`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

/** A loopback port with nothing listening on it (a receiver that is down). */
export async function freePort(): Promise<number> {
  const probe = await startReceiver();
  const port = probe.port;
  await probe.close();
  return port;
}
