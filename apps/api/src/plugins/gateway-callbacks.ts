import formbody from "@fastify/formbody";
import { type GatewayCallback, handleGatewayCallback, pageAfterPayment } from "@keyway/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppDeps } from "../deps";
import { errorHandlerFor } from "../http/error-envelopes";
import { firstHeaderValues } from "../http/headers";
import { parseJsonText } from "../http/json-parser";

type Params = { gateway: string; vendor?: string };

/**
 * Real gateways' callbacks, per provider account:
 *   POST /webhooks/gateways/:gateway[/vendors/:vendor]          callback / webhook (answers JSON)
 *   GET  /webhooks/gateways/:gateway[/vendors/:vendor]/return   the buyer back from the provider (redirects)
 *   GET  /webhooks/gateways/:gateway[/vendors/:vendor]/cancel   the buyer gave up at the provider (redirects)
 * With `/vendors/<slug>`: that vendor's own account (the URL a vendor gives PayPal or Stripe);
 * without: the server-wide account. Each one is handed to core's `handleGatewayCallback`, which
 * checks it on that account, re-checks a payment with the provider and settles it through the
 * one ledger path (refunds and disputes through theirs).
 */
export async function gatewayCallbacksPlugin(app: FastifyInstance, deps: AppDeps) {
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  // PayPal signs the body as sent: keep the raw text beside the parsed one (this scope only).
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, text, done) => {
    const raw = typeof text === "string" ? text : text.toString("utf8");
    rawBodies.set(request, raw);
    // The app's one JSON reading (nesting limit, prototype keys), on the text kept above.
    try {
      done(null, parseJsonText(raw) ?? {});
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.setErrorHandler(errorHandlerFor("root"));

  for (const base of ["/webhooks/gateways/:gateway", "/webhooks/gateways/:gateway/vendors/:vendor"]) {
    app.post<{ Params: Params }>(base, async (request, reply) => {
      const result = await handleGatewayCallback(deps.db, {
        accounts: deps.accounts,
        messages: deps.messages,
        gateway: request.params.gateway,
        vendorSlug: request.params.vendor ?? null,
        callback: callbackOf(request, "callback"),
      });
      return reply.send({ ok: true, order_status: result.orderStatus });
    });
  }

  for (const kind of ["return", "cancel"] as const) {
    // A refusal answers in the root envelope `{ code, message }` (the scope's error handler).
    const paths = [
      `/webhooks/gateways/:gateway/${kind}`,
      `/webhooks/gateways/:gateway/vendors/:vendor/${kind}`,
    ];
    for (const path of paths)
      app.get<{ Params: Params }>(path, async (request, reply) => {
        const result = await handleGatewayCallback(deps.db, {
          accounts: deps.accounts,
          messages: deps.messages,
          gateway: request.params.gateway,
          vendorSlug: request.params.vendor ?? null,
          callback: callbackOf(request, kind),
        });
        const next = pageAfterPayment(
          deps.config.publicUrl,
          { ...result, status: result.orderStatus },
          { cancelled: kind === "cancel" },
        );
        return reply.redirect(next, 303);
      });
  }
}

const rawBodies = new WeakMap<FastifyRequest, string>();

function callbackOf(request: FastifyRequest, kind: GatewayCallback["kind"]): GatewayCallback {
  const rawBody = rawBodies.get(request);
  return {
    ...(rawBody === undefined ? {} : { rawBody }),
    kind,
    query: stringsOf(request.query),
    body: request.body && typeof request.body === "object" ? (request.body as Record<string, unknown>) : {},
    headers: firstHeaderValues(request),
  };
}

function stringsOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object") return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
}
