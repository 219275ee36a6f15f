import { DomainError } from "@keyway/core";
import {
  ActivateLicenseInput,
  DeactivateLicenseInput,
  HeartbeatLicenseInput,
  ValidateLicenseInput,
} from "@keyway/schema";
import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import type { AppDeps } from "../deps";
import { acceptNonce, invalidNonceFailure, markSigningVendor } from "../http/answer-signing";
import { errorHandlerFor, sendFailure } from "../http/error-envelopes";
import { inputFailure } from "../http/failure";
import { applyVerificationLimits, bodyField } from "../rate-limit/verification-limits";
import { runActivateLicense } from "../trpc/routers/license/activate-license";
import { runDeactivateLicense } from "../trpc/routers/license/deactivate-license";
import { runHeartbeatLicense } from "../trpc/routers/license/heartbeat-license";
import { runValidateLicense } from "../trpc/routers/license/validate-license";
import { registerOfflineRoutes } from "./offline-activation";

/**
 * The verification hot path of the native REST API: POST /api/v1/licenses/{validate,activate,
 * deactivate,heartbeat} as plain Fastify routes (the tRPC adapter costs ~10x, STACK.md). They run the
 * same code as the tRPC procedures of the same name (which also document them in
 * /openapi.json, and serve /trpc) and answer the same bodies: success as the procedure's output
 * schema, errors as the REST error body `{ message, code, data: { code, httpStatus, details? } }`.
 * Static routes win over trpc-to-openapi's catch-all under /api/v1.
 */
export async function licenseVerificationPlugin(app: FastifyInstance, deps: AppDeps) {
  // JSON only (the app's one parser); failures in the REST envelope (http/error-envelopes.ts).
  app.removeContentTypeParser("text/plain");
  app.setErrorHandler(errorHandlerFor("rest"));

  await applyVerificationLimits(app, deps, (request) => bodyField(request, "key"));

  const route = <S extends z.ZodType<{ key: string }>, R>(
    path: string,
    schema: S,
    run: (deps: AppDeps, input: z.infer<S>, onVendor: (vendorId: string) => void) => Promise<R>,
  ) =>
    app.post(`/api/v1/licenses/${path}`, { bodyLimit: 32 * 1024 }, async (request, reply) => {
      // X-Keyway-Nonce and/or the body's `nonce`, echoed in the signed answer (http/answer-signing.ts).
      if (!acceptNonce(request, bodyValue(request.body, "nonce"))) {
        return sendFailure("rest", request, reply, invalidNonceFailure);
      }
      const parsed = schema.safeParse(request.body ?? {});
      // Worded as trpc-to-openapi words the same refusal on every other REST route.
      if (!parsed.success) return sendFailure("rest", request, reply, inputFailure(parsed.error.issues));
      try {
        return await run(deps, parsed.data, (vendorId) => markSigningVendor(request, vendorId));
      } catch (error) {
        // A refusal about a license is signed by its vendor too.
        if (error instanceof DomainError) markSigningVendor(request, error.vendorId);
        // A DomainError goes to the error handler: the REST envelope of its errorTable entry.
        throw error;
      }
    });

  route("validate", ValidateLicenseInput, runValidateLicense);
  route("activate", ActivateLicenseInput, runActivateLicense);
  route("deactivate", DeactivateLicenseInput, runDeactivateLicense);
  route("heartbeat", HeartbeatLicenseInput, runHeartbeatLicense);
  // Air-gapped activation: the same limits, envelope and signing (./offline-activation.ts).
  registerOfflineRoutes(app, deps);
}

function bodyValue(body: unknown, name: string): unknown {
  return body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined;
}
