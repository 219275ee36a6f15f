import { BiznoqSubscribeBody } from "@keyway/schema";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../deps";
import { biznoqError, firstIssue } from "./envelope";
import { openBiznoqOrder } from "./open-order";

/** `POST /api/plans/subscribe` (seed 000, "Create Subscription Order"). */
export function subscribeRoute(app: FastifyInstance, deps: AppDeps) {
  app.post("/api/plans/subscribe", async (request, reply) => {
    const parsed = BiznoqSubscribeBody.safeParse(request.body ?? {});
    if (!parsed.success) return biznoqError(reply, 400, firstIssue(parsed.error, request.body));
    const body = parsed.data;
    return openBiznoqOrder(deps, request, reply, {
      scope: "biznoq.subscribe",
      body,
      item: {
        kind: "subscription",
        planNumber: body.planId,
        billingCycle: body.billingCycle,
        binding: body.serialNo,
      },
      buyerPhone: body.buyerPhone,
      answer: (order) => ({ paymentUrl: order.paymentUrl, subscriptionId: order.subscriptionId }),
    });
  });
}
