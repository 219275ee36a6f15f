import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../deps";
import { headerOf } from "../http/headers";

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** The page's one inline style block (the CSP allows it by its hash: security-headers.ts). */
export const mailboxStyle =
  "body{font:16px system-ui;max-width:720px;margin:32px auto;padding:0 16px;color:#1f2933}li{border-bottom:1px solid #e4e7eb;padding:8px 0}.text{white-space:pre-line}";

/**
 * GET /dev/mailbox: what the notifier sent (sign-in codes, reminders and notices to customers,
 * by email or SMS, with an email's HTML part, reply-to and headers), newest first — JSON when asked
 * (`Accept: application/json` or `?format=json`), else a small HTML page. Never in production.
 */
export async function devMailboxPlugin(app: FastifyInstance, deps: AppDeps) {
  if (deps.config.production) return;
  app.get("/dev/mailbox", async (req, reply) => {
    const messages = deps.notifier.mailbox() ?? [];
    const query = req.query as Record<string, string | undefined>;
    if (query.format === "json" || headerOf(req, "accept")?.includes("application/json")) {
      return reply.send({ messages });
    }
    const rows = messages
      .map(
        (m) =>
          `<li><p><strong>${escapeHtml(m.subject)}</strong> → ${escapeHtml(m.to)} <small>${m.channel === "sms" ? "SMS" : "email"} · ${escapeHtml(m.sentAt)}</small></p><p class="text">${escapeHtml(m.text)}</p>${m.html ? `<details><summary>HTML part</summary><pre>${escapeHtml(m.html)}</pre></details>` : ""}</li>`,
      )
      .join("");
    return reply
      .type("text/html; charset=utf-8")
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dev mailbox</title><meta name="viewport" content="width=device-width,initial-scale=1"><style>${mailboxStyle}</style></head><body><h1>Dev mailbox</h1><p>Messages the server would send (development only).</p><ul>${rows || "<li>No messages yet.</li>"}</ul></body></html>`,
      );
  });
}
