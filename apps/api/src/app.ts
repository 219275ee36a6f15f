import Fastify, { type FastifyInstance, LogController } from "fastify";
import type { AppDeps } from "./deps";
import { biznoqDialect } from "./dialects/biznoq/plugin";
import { blenddoitDialect } from "./dialects/blenddoit/plugin";
import { jframeworkDialect } from "./dialects/jframework/plugin";
import type { AppConfig } from "./env";
import { registerAnswerSigning } from "./http/answer-signing";
import { answerClientError } from "./http/client-errors";
import { errorHandlerFor, sendFrameworkError, sendNotFound } from "./http/error-envelopes";
import { registerJsonParser } from "./http/json-parser";
import { echoRequestId, requestIdOf } from "./http/request-id";
import { devMailboxPlugin } from "./plugins/dev-mailbox";
import { gatewayCallbacksPlugin } from "./plugins/gateway-callbacks";
import { healthPlugin } from "./plugins/health";
import { licenseExportPlugin } from "./plugins/license-export";
import { licenseVerificationPlugin } from "./plugins/license-verification";
import { openApiPlugin } from "./plugins/openapi";
import { payPagePlugin } from "./plugins/pay-page";
import { portalPlugin } from "./plugins/portal";
import { productImagesPlugin } from "./plugins/product-images";
import { securityHeadersPlugin } from "./plugins/security-headers";
import { TRPC_MAX_PATH_LENGTH, trpcPlugin } from "./plugins/trpc";
import { unsubscribePlugin } from "./plugins/unsubscribe";

export interface BuildAppOptions {
  logger?: boolean;
}

/**
 * The server's map. Each surface is one plugin, registered here and nowhere else:
 *   /healthz                      health
 *   /trpc/*                       typed API (portal, @keyway/client)
 *   /api/v1/*, /openapi.json, /docs   native REST (OpenAPI)
 *   /api/v1/licenses/{validate,activate,deactivate}   verification hot path (plain routes)
 *   /api/v1/licenses/export       every license as a JSON Lines or CSV stream (plain route)
 *   /api/verify-license.php       Blenddoit dialect (seed 002)
 *   /pay/:token                   sandbox gateway's hosted pay page
 *   /images/products/:id/:sha256  product pictures (public, immutable)
 *   /webhooks/gateways/:gateway…  real gateways' callbacks and returns (UPI Gateway, PayPal)
 *   /api/purchase…, /api/plans…   Biznoq dialect (seed 000)
 *   /api/v1/licenses/purchase/checkout-link   JFramework dialect (seed 001)
 *   /unsubscribe?token=           one-click unsubscribe from reminders (RFC 8058)
 *   /*                            the built portal (SPA fallback)
 */
export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: deps.config.LOG_LEVEL,
            // Credentials never reach the log.
            redact: {
              paths: [
                "req.headers.authorization",
                'req.headers["x-api-secret"]',
                'req.headers["auth-key"]',
                "req.headers.cookie",
                'req.headers["x-csrf-token"]',
              ],
              censor: "[redacted]",
            },
          },
    bodyLimit: 64 * 1024,
    // tRPC batches name every procedure in the path (`/trpc/a,b,c`): longer than the default 100.
    routerOptions: { maxParamLength: TRPC_MAX_PATH_LENGTH },
    // The caller's well-formed x-request-id, or a fresh one; echoed on every answer (http/request-id.ts).
    genReqId: requestIdOf,
    // A bad URL or an over-long path parameter answers in the envelope of the surface it names;
    // a request Node cannot parse at all, in the root one.
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: answerClientError,
    // Off unless configured: a client must not choose its own address (rate limits, sign-in limits).
    trustProxy: trustProxyOf(deps.config.TRUST_PROXY),
    // Per-request lines cost more than the verification hot path itself; on at debug level.
    logController: new LogController({
      disableRequestLogging: deps.config.LOG_LEVEL !== "debug" && deps.config.LOG_LEVEL !== "trace",
    }),
  });

  // Every failure in the envelope of the surface its URL names; 5xx logged once (http/).
  app.setErrorHandler(errorHandlerFor());
  app.setNotFoundHandler(sendNotFound);
  app.addHook("onRequest", echoRequestId);
  registerJsonParser(app);
  // Verification answers signed by their vendor's key, on every surface that marks one (http/answer-signing.ts).
  registerAnswerSigning(app, deps);

  await app.register(securityHeadersPlugin, deps);
  await app.register(healthPlugin, deps);
  await app.register(trpcPlugin, deps);
  await app.register(openApiPlugin, deps);
  await app.register(licenseVerificationPlugin, deps);
  await app.register(licenseExportPlugin, deps);
  await app.register(blenddoitDialect, deps);
  await app.register(payPagePlugin, deps);
  await app.register(productImagesPlugin, deps);
  await app.register(gatewayCallbacksPlugin, deps);
  await app.register(biznoqDialect, deps);
  await app.register(jframeworkDialect, deps);
  await app.register(unsubscribePlugin, deps);
  await app.register(devMailboxPlugin, deps);
  await app.register(portalPlugin, deps);
  return app;
}

/** TRUST_PROXY as Fastify's option: a hop count becomes proxy-addr's hop test (its types lack numbers). */
function trustProxyOf(setting: AppConfig["TRUST_PROXY"]) {
  if (typeof setting !== "number") return setting;
  return (_address: string, hop: number) => hop < setting;
}
