import {
  type AuthenticatedVendor,
  DomainError,
  getLicenseByKey,
  openOrder,
  statusUnderPolicy,
} from "@keyway/core";
import { JFrameworkCheckoutBody } from "@keyway/schema";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppDeps } from "../../deps";
import { acceptNonce, INVALID_NONCE_MESSAGE, markSigningVendor } from "../../http/answer-signing";
import { brandCredentialOf, vendorOfCredential } from "../../http/credentials";
import { errorHandlerFor } from "../../http/error-envelopes";
import { idempotencyKeyOf as idempotencyKey } from "../../http/headers";
import { jframeworkError, jframeworkOk, jframeworkOkBody } from "./envelope";

/**
 * The JFramework dialect (seed 001): `Brand-URL` + `Auth-Key`, answers in the
 * `{ success, statusCode, message, data, errors }` envelope. Static routes here win over the
 * OpenAPI catch-all under /api/v1.
 */
export async function jframeworkDialect(app: FastifyInstance, deps: AppDeps) {
  app.setErrorHandler(errorHandlerFor("jframework"));

  app.post("/api/v1/licenses/purchase/checkout-link", async (request, reply) => {
    const vendor = await authenticate(request, reply, deps);
    if (!vendor) return reply;
    const parsed = JFrameworkCheckoutBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => ({
        code: "invalid_input",
        message: issue.path.length ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message,
      }));
      return jframeworkError(reply, 400, "One or more validation errors occurred.", problems);
    }
    const body = parsed.data;
    const answer = await openOrder(deps.db, deps.orders, {
      order: {
        vendorId: vendor.vendorId,
        item: {
          kind: "package",
          packageId: body.packageId,
          subscriptionTypeId: body.subscriptionTypeId,
          startDate: body.startDate,
          endDate: body.endDate,
          quantity: body.quantity ?? 1,
        },
        customer: {},
        testMode: body.testMode ?? false,
        returnUrl: body.returnURL ?? null,
        cancelUrl: body.cancelURL ?? null,
        actor: vendor.actor,
      },
      idempotency: { scope: "jframework.checkout-link", key: idempotencyKey(request), body },
      answer: (order) => jframeworkOkBody(order.paymentUrl),
    });
    // The stored envelope's own text: a replay is the first answer byte for byte.
    return reply.code(answer.statusCode).type(answer.contentType).send(answer.body);
  });

  /** `GET /api/v1/licenses/check?licenseCode=`: `data` is true while the license can be used. */
  app.get<{ Querystring: Record<string, unknown> }>("/api/v1/licenses/check", async (request, reply) => {
    const vendor = await authenticate(request, reply, deps);
    if (!vendor) return reply;
    // Every answer, refusals too, is signed by the calling vendor's key (http/answer-signing.ts).
    markSigningVendor(request, vendor.vendorId);
    if (!acceptNonce(request)) {
      return jframeworkError(reply, 400, "Invalid nonce.", [
        { code: "invalid_nonce", message: INVALID_NONCE_MESSAGE },
      ]);
    }
    const code = request.query.licenseCode;
    if (typeof code !== "string" || !code.trim()) {
      const message = "The licenseCode field is required.";
      return jframeworkError(reply, 400, message, [{ code: "invalid_input", message }]);
    }
    const now = new Date();
    try {
      const { snapshot } = await getLicenseByKey(deps.db, { key: code, vendorId: vendor.vendorId, now });
      // Usable under the product's expiry policy: in grace, or maintained after expiry, too.
      return jframeworkOk(reply, statusUnderPolicy(snapshot, now) === "active");
    } catch (error) {
      if (
        error instanceof DomainError &&
        (error.code === "license_not_found" || error.code === "invalid_key_format")
      ) {
        const message = "The license was not found in the system.";
        return jframeworkError(reply, 404, message, [{ code: "license_not_found", message }]);
      }
      throw error;
    }
  });
}

async function authenticate(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: AppDeps,
): Promise<AuthenticatedVendor | null> {
  const unauthorized = (message: string) => {
    jframeworkError(reply, 401, "Unauthorized.", [{ code: "unauthorized", message }]);
    return null;
  };
  const proof = brandCredentialOf(request);
  if (!proof) return unauthorized("The Brand-URL and Auth-Key headers are required.");
  return (
    (await vendorOfCredential(deps.db, proof)) ?? unauthorized("The Brand-URL or Auth-Key is not valid.")
  );
}
