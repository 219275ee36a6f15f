import { BiznoqPurchaseBody } from "@keyway/schema";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../deps";
import { biznoqError, firstIssue } from "./envelope";
import { openBiznoqOrder } from "./open-order";

/** `POST /api/purchase` (seed 000, "Create Add-on Order"): reserves the key and returns the pay link. */
export function purchaseRoute(app: FastifyInstance, deps: AppDeps) {
  app.post("/api/purchase", async (request, reply) => {
    const parsed = BiznoqPurchaseBody.safeParse(request.body ?? {});
    if (!parsed.success) return biznoqError(reply, 400, firstIssue(parsed.error, request.body));
    const body = parsed.data;
    return openBiznoqOrder(deps, request, reply, {
      scope: "biznoq.purchase",
      body,
      item: { kind: "addon", productNumber: body.addonId, serialNo: body.serialNo },
      buyerPhone: body.buyerPhone,
      answer: (order) => ({ paymentUrl: order.paymentUrl, licenseKey: order.licenseKeys[0] }),
    });
  });
}
