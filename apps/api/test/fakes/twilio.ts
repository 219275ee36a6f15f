import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One message as Twilio took it (the form fields of the create call). */
export interface FakeTwilioMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
}

/** What the fake answers instead of taking the next message. */
export type FakeTwilioFailure =
  | { kind: "outage"; status: number }
  | { kind: "error"; status: number; code: number; message: string };

/**
 * A local Twilio speaking its documented Messages API: `POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json`, HTTP Basic auth (AccountSid:AuthToken),
 * form-urlencoded `To`, `From`, `Body`; 201 with the message resource (`sid`, `status:
 * "queued"`…); errors as `{ code, message, more_info, status }`. `failNext` plays an outage or a
 * refusal for the next calls.
 */
export async function startFakeTwilio(accountSid: string, authToken: string) {
  const messages: FakeTwilioMessage[] = [];
  const failures: FakeTwilioFailure[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(json));
    };
    const error = (status: number, code: number, message: string) =>
      send(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
    const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
    if (req.method !== "POST" || !req.url?.startsWith("/2010-04-01/Accounts/")) {
      return error(404, 20404, "The requested resource was not found");
    }
    if (req.headers.authorization !== expectedAuth) return error(401, 20003, "Authenticate");
    if (req.url !== path) return error(404, 20404, "The requested resource was not found");
    if (!String(req.headers["content-type"]).startsWith("application/x-www-form-urlencoded")) {
      return error(400, 21000, "Content-Type must be application/x-www-form-urlencoded");
    }
    const form = new URLSearchParams(await readBody(req));
    const failure = failures.shift();
    if (failure?.kind === "outage") return send(failure.status, { message: "Service unavailable" });
    if (failure?.kind === "error") return error(failure.status, failure.code, failure.message);
    const to = form.get("To") ?? "";
    const from = form.get("From") ?? "";
    const body = form.get("Body") ?? "";
    if (!/^\+[1-9]\d{7,14}$/.test(to))
      return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from) return error(400, 21603, "A 'From' phone number is required.");
    if (!body) return error(400, 21602, "Message body is required.");
    if (body.length > 1600)
      return error(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    const sid = `SM${randomBytes(16).toString("hex")}`;
    messages.push({ sid, to, from, body });
    const now = new Date().toUTCString();
    return send(201, {
      account_sid: accountSid,
      api_version: "2010-04-01",
      body,
      date_created: now,
      date_updated: now,
      direction: "outbound-api",
      from,
      num_segments: String(Math.ceil(body.length / 153)),
      sid,
      status: "queued",
      to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    messages,
    /** The next calls answer these, in order, instead of taking the message. */
    failNext(...next: FakeTwilioFailure[]) {
      failures.push(...next);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
