import { DomainError } from "@keyway/core";
import {
  ActivateLicenseInput,
  DeactivateLicenseInput,
  errorTable,
  ValidateLicenseInput,
} from "@keyway/schema";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { z } from "zod";
import type { AppDeps } from "../deps";
import { applyVerificationLimits, bodyField, isRateLimited } from "../rate-limit/verification-limits";
import { runActivateLicense } from "../trpc/routers/license/activate-license";
import { runDeactivateLicense } from "../trpc/routers/license/deactivate-license";
import { runValidateLicense } from "../trpc/routers/license/validate-license";

/**
 * The verification hot path of the native REST API: POST /api/v1/licenses/{validate,activate,
 * deactivate} as plain Fastify routes (the tRPC adapter costs ~10x, STACK.md). They run the
 * same code as the tRPC procedures of the same name (which also document them in
 * /openapi.json, and serve /trpc) and answer the same bodies: success as the procedure's output
 * schema, errors as the REST error body `{ message, code, data: { code, httpStatus, details? } }`.
 * Static routes win over trpc-to-openapi's catch-all under /api/v1.
 */
export async function licenseVerificationPlugin(app: FastifyInstance, deps: AppDeps) {
  app.setErrorHandler((error: { statusCode?: number; retryAfter?: number }, request, reply) => {
    if (isRateLimited(error)) {
      return sendError(reply, "rate_limited", "Too many requests.", { retryAfter: error.retryAfter ?? 60 });
    }
    const status = error.statusCode;
    if (status && status >= 400 && status < 500) {
      const message =
        status === 413
          ? "Request body is too large."
          : status === 415
            ? "Unsupported content type."
            : "Malformed request body.";
      return reply
        .code(status)
        .send({ message, code: "BAD_REQUEST", data: { code: "invalid_input", httpStatus: status } });
    }
    request.log.error({ err: error }, "license verification error");
    return sendError(reply, "internal", "Internal server error.");
  });

  await applyVerificationLimits(app, deps, (request) => bodyField(request, "key"));

  const route = <S extends z.ZodType, R>(
    path: string,
    schema: S,
    run: (deps: AppDeps, input: z.infer<S>) => Promise<R>,
  ) =>
    app.post(`/api/v1/licenses/${path}`, { bodyLimit: 32 * 1024 }, async (request, reply) => {
      const parsed = schema.safeParse(request.body ?? {});
      if (!parsed.success) {
        return reply.code(400).send({
          message: "Input validation failed",
          code: "BAD_REQUEST",
          data: { code: "invalid_input", httpStatus: 400 },
          issues: parsed.error.issues.map((i) => ({
            path: i.path.map(String),
            message: i.message,
            code: i.code,
          })),
        });
      }
      try {
        return await run(deps, parsed.data);
      } catch (error) {
        if (error instanceof DomainError) return sendError(reply, error.code, error.message, error.details);
        throw error;
      }
    });

  route("validate", ValidateLicenseInput, runValidateLicense);
  route("activate", ActivateLicenseInput, runActivateLicense);
  route("deactivate", DeactivateLicenseInput, runDeactivateLicense);
}

function sendError(
  reply: FastifyReply,
  code: keyof typeof errorTable,
  message: string,
  details?: Record<string, unknown>,
) {
  const { status, trpc } = errorTable[code];
  return reply.code(status).send({
    message,
    code: trpc,
    data: { code, httpStatus: status, ...(details ? { details } : {}) },
  });
}
