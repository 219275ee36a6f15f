import formbody from "@fastify/formbody";
import {
  applyPaymentResult,
  DomainError,
  findOrderByToken,
  getCheckoutOrder,
  sandboxResult,
} from "@keyway/core";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../deps";
import { payPageHtml } from "./pay-page-html";

const ACTIONS = new Set(["pay", "fail", "cancel"]);

/**
 * The sandbox gateway's hosted pay page. Its buttons post `action=pay|fail|cancel` back here,
 * and the outcome goes through `applyPaymentResult`, the path every real gateway's callback takes.
 */
export async function payPagePlugin(app: FastifyInstance, deps: AppDeps) {
  await app.register(formbody, { bodyLimit: 4096 });
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, "pay page error");
    return reply
      .code(status)
      .type("text/html")
      .send(payPageHtml.message("Something went wrong", "Please try again."));
  });

  app.get<{ Params: { token: string } }>("/pay/:token", async (request, reply) => {
    try {
      const order = await getCheckoutOrder(deps.db, { token: request.params.token });
      return reply
        .type("text/html")
        .send(payPageHtml.page(order, `${deps.config.publicUrl}/orders/${order.token}`));
    } catch (error) {
      if (error instanceof DomainError) {
        return reply
          .code(404)
          .type("text/html")
          .send(payPageHtml.message("Order not found", "This payment link is not valid."));
      }
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
    const order = await findOrderByToken(deps.db, request.params.token);
    if (order?.gateway !== "sandbox") {
      return reply
        .code(404)
        .type("text/html")
        .send(payPageHtml.message("Order not found", "This payment link is not valid."));
    }
    await applyPaymentResult(deps.db, sandboxResult(order, action as "pay" | "fail" | "cancel"));
    const orderPage = `${deps.config.publicUrl}/orders/${order.token}`;
    const target =
      action === "pay" ? (order.returnUrl ?? orderPage) : (order.cancelUrl ?? order.returnUrl ?? orderPage);
    return reply.redirect(target, 303);
  });
}
