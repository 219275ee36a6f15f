import type { AuthenticatedVendor } from "@keyway/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppDeps } from "../../deps";
import { pairCredentialOf, vendorOfCredential } from "../../http/credentials";
import { errorHandlerFor } from "../../http/error-envelopes";
import { biznoqError } from "./envelope";
import { purchaseRoute } from "./purchase";
import { purchaseStatusRoute } from "./status";
import { subscribeRoute } from "./subscribe";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the Biznoq dialect's authentication hook. */
    biznoqVendor?: AuthenticatedVendor;
  }
}

export function biznoqVendorOf(request: FastifyRequest): AuthenticatedVendor {
  const vendor = request.biznoqVendor;
  if (!vendor) throw new Error("biznoq: route registered outside the authenticated scope");
  return vendor;
}

/**
 * The Biznoq dialect (seed 000): `x-api-key` + `x-api-secret` on every route, answers in
 * Biznoq's `{ success, … }` envelope. Routes live in one file each and are registered here.
 */
export async function biznoqDialect(app: FastifyInstance, deps: AppDeps) {
  app.setErrorHandler(errorHandlerFor("biznoq"));

  app.addHook("preHandler", async (request, reply) => {
    const proof = pairCredentialOf(request);
    if (!proof) return biznoqError(reply, 401, "Unauthorized: missing x-api-key or x-api-secret header.");
    const vendor = await vendorOfCredential(deps.db, proof);
    if (!vendor) return biznoqError(reply, 401, "Unauthorized: invalid API credentials.");
    request.biznoqVendor = vendor;
  });

  // Routes: one file each, registered below.
  purchaseStatusRoute(app, deps);
  purchaseRoute(app, deps);
  subscribeRoute(app, deps);
}
