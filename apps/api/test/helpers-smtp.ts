import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One mail the SMTP server accepted: its envelope, raw source, and the decoded parts' text. */
export interface ReceivedMail {
  to: string[];
  raw: string;
  /** The header block, unfolded: `header("reply-to")`. */
  header(name: string): string | null;
  /** The whole source with quoted-printable and base64 parts decoded (what a reader sees). */
  decoded: string;
}

/**
 * A real SMTP server in-process (the `smtp-server` package), plain (no TLS, no auth) on a free
 * loopback port. `refuseNext(n)` answers the next n messages `451` (try again later), as a
 * greylisting or overloaded server does; `refuseNext(n, 550)` refuses them for good.
 */
export async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  let refused = 0;
  let refusal = { code: 451, text: "Try again later" };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (refusals > 0) {
          refusals--;
          refused++;
          const error = Object.assign(new Error(refusal.text), { responseCode: refusal.code });
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push(
          parseMail(
            raw,
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The next `n` messages are refused: 451 (try later) unless another code is given. */
    refuseNext(n: number, code = 451, text = code === 451 ? "Try again later" : "Mailbox unavailable") {
      refusals = n;
      refusal = { code, text };
    },
    get refused() {
      return refused;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseMail(raw: string, to: string[]): ReceivedMail {
  const end = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, end).replace(/\r\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { to, raw, header: (name) => headers.get(name.toLowerCase()) ?? null, decoded: decodeParts(raw) };
}

/** Each MIME part's body decoded by its Content-Transfer-Encoding; enough for nodemailer's output. */
function decodeParts(raw: string): string {
  return raw
    .split(/\r\n--[^\r\n]+\r\n/)
    .map((part) => {
      const end = part.indexOf("\r\n\r\n");
      if (end < 0) return part;
      const head = part.slice(0, end);
      const body = part.slice(end + 4);
      if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
        const bytes = body
          .replace(/=\r\n/g, "")
          .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
        return `${head}\r\n\r\n${Buffer.from(bytes, "latin1").toString("utf8")}`;
      }
      if (/content-transfer-encoding:\s*base64/i.test(head))
        return `${head}\r\n\r\n${Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")}`;
      return part;
    })
    .join("\r\n--part--\r\n");
}
