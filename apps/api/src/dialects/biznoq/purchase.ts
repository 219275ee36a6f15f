import { createOrder, withIdempotency } from "@keyway/core";
import { BiznoqPurchaseBody } from "@keyway/schema";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../deps";
import { biznoqError, firstIssue } from "./envelope";
import { biznoqVendorOf } from "./plugin";

/** `POST /api/purchase` (seed 000, "Create Add-on Order"): reserves the key and returns the pay link. */
export function purchaseRoute(app: FastifyInstance, deps: AppDeps) {
  app.post("/api/purchase", async (request, reply) => {
    const vendor = biznoqVendorOf(request);
    const parsed = BiznoqPurchaseBody.safeParse(request.body ?? {});
    if (!parsed.success) return biznoqError(reply, 400, firstIssue(parsed.error, request.body));
    const body = parsed.data;
    const answer = await withIdempotency(
      deps.db,
      { vendorId: vendor.vendorId, scope: "biznoq.purchase", key: idempotencyKey(request.headers), body },
      async () => {
        const order = await createOrder(deps.db, {
          vendorId: vendor.vendorId,
          item: { kind: "addon", productNumber: body.addonId, serialNo: body.serialNo },
          customer: { phone: body.buyerPhone },
          gateways: deps.gateways,
          publicUrl: deps.config.publicUrl,
          ttlMinutes: deps.config.ORDER_TTL_MINUTES,
          actor: `api:${vendor.credentialId}`,
        });
        return {
          statusCode: 200,
          body: { success: true, paymentUrl: order.paymentUrl, licenseKey: order.licenseKeys[0] },
        };
      },
    );
    return reply.code(answer.statusCode).send(answer.body);
  });
}

export function idempotencyKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const v = headers["idempotency-key"];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
}
