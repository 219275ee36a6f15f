import {
  ActivateLicenseInput,
  DeactivateLicenseInput,
  HeartbeatLicenseInput,
  ValidateLicenseInput,
} from "@keyway/schema";
import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import type { AppDeps } from "../deps";
import { errorHandlerFor, sendFailure } from "../http/error-envelopes";
import { inputFailure } from "../http/failure";
import { applyVerificationLimits, bodyField } from "../rate-limit/verification-limits";
import { runActivateLicense } from "../trpc/routers/license/activate-license";
import { runDeactivateLicense } from "../trpc/routers/license/deactivate-license";
import { runHeartbeatLicense } from "../trpc/routers/license/heartbeat-license";
import { runValidateLicense } from "../trpc/routers/license/validate-license";

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

  const route = <S extends z.ZodType, R>(
    path: string,
    schema: S,
    run: (deps: AppDeps, input: z.infer<S>) => Promise<R>,
  ) =>
    app.post(`/api/v1/licenses/${path}`, { bodyLimit: 32 * 1024 }, async (request, reply) => {
      const parsed = schema.safeParse(request.body ?? {});
      // Worded as trpc-to-openapi words the same refusal on every other REST route.
      if (!parsed.success) return sendFailure("rest", request, reply, inputFailure(parsed.error.issues));
      // A DomainError goes to the error handler: the REST envelope of its errorTable entry.
      return run(deps, parsed.data);
    });

  route("validate", ValidateLicenseInput, runValidateLicense);
  route("activate", ActivateLicenseInput, runActivateLicense);
  route("deactivate", DeactivateLicenseInput, runDeactivateLicense);
  route("heartbeat", HeartbeatLicenseInput, runHeartbeatLicense);
}
