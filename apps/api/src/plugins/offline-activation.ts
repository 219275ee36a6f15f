import { DomainError, offlineCodeKey } from "@keyway/core";
import { OfflineActivateInput, OfflineReleaseInput } from "@keyway/schema";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { z } from "zod";
import type { AppDeps } from "../deps";
import { acceptNonce, invalidNonceFailure, markSigningVendor } from "../http/answer-signing";
import { sendFailure } from "../http/error-envelopes";
import { inputFailure } from "../http/failure";
import { RateLimitedError, verificationLimiters } from "../rate-limit/verification-limits";
import { runActivateOffline } from "../trpc/routers/license/activate-offline";
import { runReleaseOffline } from "../trpc/routers/license/release-offline";

/**
 * Air-gapped activation over REST: POST /api/v1/licenses/offline/{activate,release} as plain
 * routes beside the native verification routes (registered inside licenseVerificationPlugin, so
 * they share its per-IP limit, error envelope and signed answers). The key a code names is
 * limited per key like the native routes' `key`. The tRPC procedures of the same name document
 * them in /openapi.json and serve the portal.
 */
export function registerOfflineRoutes(app: FastifyInstance, deps: AppDeps) {
  const route = <S extends z.ZodType, R>(
    path: string,
    schema: S,
    codeOf: (input: z.infer<S>) => string,
    run: (deps: AppDeps, input: z.infer<S>, onVendor: (vendorId: string) => void) => Promise<R>,
  ) =>
    app.post(`/api/v1/licenses/offline/${path}`, { bodyLimit: 64 * 1024 }, async (request, reply) => {
      if (!acceptNonce(request)) return sendFailure("rest", request, reply, invalidNonceFailure);
      const parsed = schema.safeParse(request.body ?? {});
      if (!parsed.success) return sendFailure("rest", request, reply, inputFailure(parsed.error.issues));
      const key = offlineCodeKey(codeOf(parsed.data));
      if (key) await limitKey(deps, reply, key);
      try {
        return await run(deps, parsed.data, (vendorId) => markSigningVendor(request, vendorId));
      } catch (error) {
        // A refusal about a license is signed by its vendor, as on the native routes.
        if (error instanceof DomainError) markSigningVendor(request, error.vendorId);
        throw error;
      }
    });

  route(
    "activate",
    OfflineActivateInput,
    (input) => input.request,
    (d, input, onVendor) => runActivateOffline(d, input, { onVendor }),
  );
  route("release", OfflineReleaseInput, (input) => input.release, runReleaseOffline);
}

async function limitKey(deps: AppDeps, reply: FastifyReply, key: string) {
  const limiters = verificationLimiters(deps);
  if (!limiters.enabled) return;
  const verdict = await limiters.perKey.hit(`key:${key.trim().toUpperCase().slice(0, 256)}`);
  if (!verdict.ok) {
    reply.header("retry-after", String(verdict.retryAfter));
    throw new RateLimitedError(verdict.retryAfter);
  }
}
