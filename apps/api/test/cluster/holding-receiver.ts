import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A webhook receiver that can stop answering for a while. A worker killed after a receiver
 * answered 200 but before it recorded the outcome sends that delivery again (webhooks are
 * at-least-once; the `webhook-id` lets receivers drop the repeat). Holding every request while a
 * process is killed, then refusing the held ones, leaves no such delivery: each one the receiver
 * accepted is settled, each one it did not is delivered again, so "exactly once" is exact.
 */
export interface HoldingReceiver {
  url: string;
  /** The event id (`id` in the body) of every delivery answered 200, repeats included. */
  acceptedEvents: string[];
  /** The `webhook-id` (delivery id) of every delivery answered 200. */
  acceptedDeliveries: string[];
  /** From now on, requests wait unanswered. */
  hold(): void;
  /** Requests waiting now. */
  heldCount(): number;
  /** The senders' local ports of the requests waiting now (which process sent each). */
  heldPorts(): number[];
  /** Answers every waiting request with `status` (not recorded as accepted) and stops holding. */
  release(status: number): void;
  close(): Promise<void>;
}

export async function startHoldingReceiver(): Promise<HoldingReceiver> {
  const acceptedEvents: string[] = [];
  const acceptedDeliveries: string[] = [];
  let holding = false;
  let held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (holding) {
        held.push(res);
        return;
      }
      const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string };
      acceptedEvents.push(event.id);
      acceptedDeliveries.push(String(req.headers["webhook-id"]));
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    acceptedEvents,
    acceptedDeliveries,
    hold: () => {
      holding = true;
    },
    heldCount: () => held.length,
    heldPorts: () => held.map((res) => res.req.socket.remotePort ?? 0),
    release: (status) => {
      holding = false;
      const waiting = held;
      held = [];
      // A request of a killed sender has no one to answer: its socket is gone.
      for (const res of waiting) if (!res.destroyed) res.writeHead(status).end("not now");
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
