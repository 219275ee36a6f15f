import formbody from "@fastify/formbody";
import {
  applyPaymentResult,
  DomainError,
  findOrderByToken,
  getCheckoutOrder,
  orderPageUrl,
  pageAfterPayment,
  sandboxMaySettle,
  sandboxResult,
} from "@keyway/core";
import { CheckoutOrderTokenInput } from "@keyway/schema";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppDeps } from "../deps";
import { errorHandlerFor, sendFailure } from "../http/error-envelopes";
import { clientFailure } from "../http/failure";
import { liveOrderText, payPageHtml } from "./pay-page-html";
import { payPageSecurityHeaders } from "./security-headers";

const ACTIONS = new Set(["pay", "fail", "cancel"]);

/** The order token of the URL, if it is one (a NUL or an over-long value never reaches the database). */
function tokenOf(raw: string): string | null {
  const parsed = CheckoutOrderTokenInput.shape.token.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The pay surface's 404 page (http/error-envelopes.ts words it). */
function notFound(request: FastifyRequest, reply: FastifyReply) {
  return sendFailure("pay", request, reply, clientFailure(404));
}

/**
 * The sandbox gateway's hosted pay page. Its buttons post `action=pay|fail|cancel` back here,
 * and the outcome goes through `applyPaymentResult`, the path every real gateway's callback takes.
 * The sandbox settles test-mode orders only: a live order's page says so and offers no buttons,
 * and a post for one is refused (recorded by core) with the order left pending.
 */
export async function payPagePlugin(app: FastifyInstance, deps: AppDeps) {
  await app.register(formbody, { bodyLimit: 4096 });
  app.setErrorHandler(errorHandlerFor("pay"));

  // The form's answer redirects to the vendor's site: no `form-action` on this page.
  const options = { config: { securityHeaders: payPageSecurityHeaders(deps.config.production) } };
  app.get<{ Params: { token: string } }>("/pay/:token", options, async (request, reply) => {
    const token = tokenOf(request.params.token);
    if (!token) return notFound(request, reply);
    try {
      const order = await getCheckoutOrder(deps.db, { token });
      if (order.gateway !== "sandbox") throw new DomainError("not_found", "Not a sandbox order.");
      const orderPage = orderPageUrl(deps.config.publicUrl, order.token);
      return reply.type("text/html").send(payPageHtml.page(order, orderPage, sandboxMaySettle(order)));
    } catch (error) {
      if (error instanceof DomainError) return notFound(request, reply);
      throw error;
    }
  });

  app.post<{ Params: { token: string }; Body: unknown }>("/pay/:token", async (request, reply) => {
    const action = (request.body as { action?: unknown } | undefined)?.action;
    if (typeof action !== "string" || !ACTIONS.has(action)) {
      return reply
        .code(400)
        .type("text/html")
        .send(payPageHtml.message("Invalid request", "Choose Pay, Fail or Cancel."));
    }
    const token = tokenOf(request.params.token);
    const order = token ? await findOrderByToken(deps.db, token) : null;
    if (order?.gateway !== "sandbox") return notFound(request, reply);
    const outcome = await applyPaymentResult(
      deps.db,
      sandboxResult(order, action as "pay" | "fail" | "cancel"),
      { messages: deps.messages },
    );
    if (outcome.status === "refused" && outcome.orderStatus === "pending") {
      const text = sandboxMaySettle(order)
        ? `${outcome.reason ?? "The payment was refused"}.`
        : liveOrderText;
      return reply.code(409).type("text/html").send(payPageHtml.message("Payment not taken", text));
    }
    const next = pageAfterPayment(
      deps.config.publicUrl,
      { ...order, status: outcome.orderStatus },
      { cancelled: action === "cancel" },
    );
    return reply.redirect(next, 303);
  });
}
