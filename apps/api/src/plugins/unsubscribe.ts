import formbody from "@fastify/formbody";
import { customerOfUnsubscribeToken, DomainError, unsubscribeReminders } from "@keyway/core";
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import type { AppDeps } from "../deps";
import { payPageStyle } from "./pay-page-html";

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** The pay page's style block (already allowed by its hash in the CSP: security-headers.ts). */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style>${payPageStyle}</style></head><body><main><div class="card"><h1>${esc(title)}</h1>${body}</div></main></body></html>`;
}

const BAD_LINK = page(
  "This link does not work",
  `<p class="muted">This unsubscribe link is not valid: it may have been cut short when it was copied. Use the link at the bottom of the latest reminder, or reply to it and ask the seller to stop reminders.</p>`,
);

function tokenOf(query: unknown): string | null {
  const token = (query as { token?: unknown } | undefined)?.token;
  return typeof token === "string" && token.length > 0 && token.length <= 512 ? token : null;
}

/**
 * One-click unsubscribe from reminders (RFC 8058), the link every reminder carries in its
 * `List-Unsubscribe` header and its text. GET shows a small page with a button (a link scanner
 * that follows links unsubscribes nobody); POST — the button, or the mail client's own
 * `List-Unsubscribe=One-Click` — stops the customer's reminders and answers 200. Transactional
 * messages (purchase, renewal, refund…) still go. A token this server did not make: a 400 page.
 */
export async function unsubscribePlugin(app: FastifyInstance, deps: AppDeps) {
  await app.register(formbody, { bodyLimit: 4096 });
  // Some mail clients post the one-click body as multipart: its content does not matter.
  app.addContentTypeParser(/^multipart\/form-data/, { parseAs: "buffer", bodyLimit: 4096 }, (_r, _b, done) =>
    done(null, {}),
  );

  const badLink = (reply: FastifyReply) => reply.code(400).type("text/html; charset=utf-8").send(BAD_LINK);

  app.get("/unsubscribe", async (request, reply) => {
    const token = tokenOf(request.query);
    if (!token || !customerOfUnsubscribeToken(deps.secrets, token)) return badLink(reply);
    const action = `/unsubscribe?token=${encodeURIComponent(token)}`;
    return reply
      .type("text/html; charset=utf-8")
      .send(
        page(
          "Stop reminders?",
          `<p class="muted">You will no longer get reminders that a license is about to expire or is due for renewal. Receipts, license keys and other messages about your purchases still reach you.</p><form method="post" action="${esc(action)}" class="actions"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button class="pay" type="submit">Stop reminders</button></form>`,
        ),
      );
  });

  app.post("/unsubscribe", async (request, reply) => {
    const token = tokenOf(request.query);
    if (!token) return badLink(reply);
    try {
      await unsubscribeReminders(deps.db, deps.secrets, { token, now: new Date() });
    } catch (error) {
      if (error instanceof DomainError && error.code === "invalid_input") return badLink(reply);
      throw error;
    }
    return reply
      .type("text/html; charset=utf-8")
      .send(
        page(
          "You are unsubscribed",
          `<p class="muted">You will get no more reminders. Receipts, license keys and other messages about your purchases still reach you.</p>`,
        ),
      );
  });
}

/** The unsubscribe route in /openapi.json (outside /api/v1, hence its own `servers`). */
export function unsubscribeOpenApiPaths(publicUrl: string): ZodOpenApiPathsObject {
  const html = (example: string) => ({
    "text/html": { schema: z.string().meta({ example }) },
  });
  const query = z.object({
    token: z.string().meta({
      description: "The customer's unsubscribe token, from the reminder's link.",
      example: "v1.3q2Yb1YtYh3mWc1d.Zb7m3c0rQ8u2x6Yd1k2m9A.Jx0n9m…",
    }),
  });
  const bad = { description: "The token is missing or was not made by this server", content: html(BAD_LINK) };
  return {
    "/unsubscribe": {
      servers: [{ url: publicUrl, description: "Served by Keyway (outside /api/v1)" }],
      get: {
        operationId: "unsubscribe-page",
        tags: ["messages"],
        summary: "The unsubscribe page of a reminder's link (public)",
        description:
          "Every reminder (license expiring soon, expired, grace ended, subscription renewal due) carries this link, in its text and in the RFC 8058 `List-Unsubscribe` header. Shows a page with a button that posts to the same URL; following the link alone changes nothing.",
        requestParams: { query },
        responses: {
          "200": { description: "The page with the button", content: html("<!doctype html>…") },
          "400": bad,
        },
      },
      post: {
        operationId: "unsubscribe",
        tags: ["messages"],
        summary: "Stop a customer's reminders (RFC 8058 one-click)",
        description:
          "What the page's button and mail clients' one-click unsubscribe send (`List-Unsubscribe=One-Click`, form-encoded; the body is not required). Sets the customer's reminders off; repeating it changes nothing. Transactional messages (purchase, renewal, refund, key reissued…) are still sent.",
        requestParams: { query },
        requestBody: {
          required: false,
          content: {
            "application/x-www-form-urlencoded": {
              schema: z.object({
                "List-Unsubscribe": z.literal("One-Click").meta({ example: "One-Click" }),
              }),
            },
          },
        },
        responses: {
          "200": { description: "Unsubscribed", content: html("<!doctype html>…") },
          "400": bad,
        },
      },
    },
  };
}
