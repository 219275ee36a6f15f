import Fastify, { type FastifyInstance, LogController } from "fastify";
import type { AppDeps } from "./deps";
import { biznoqDialect } from "./dialects/biznoq/plugin";
import { blenddoitDialect } from "./dialects/blenddoit/plugin";
import { jframeworkDialect } from "./dialects/jframework/plugin";
import type { AppConfig } from "./env";
import { devMailboxPlugin } from "./plugins/dev-mailbox";
import { gatewayCallbacksPlugin } from "./plugins/gateway-callbacks";
import { healthPlugin } from "./plugins/health";
import { licenseVerificationPlugin } from "./plugins/license-verification";
import { openApiPlugin } from "./plugins/openapi";
import { payPagePlugin } from "./plugins/pay-page";
import { portalPlugin } from "./plugins/portal";
import { trpcPlugin } from "./plugins/trpc";

export interface BuildAppOptions {
  logger?: boolean;
}

/**
 * The server's map. Each surface is one plugin, registered here and nowhere else:
 *   /healthz                      health
 *   /trpc/*                       typed API (portal, @keyway/client)
 *   /api/v1/*, /openapi.json, /docs   native REST (OpenAPI)
 *   /api/v1/licenses/{validate,activate,deactivate}   verification hot path (plain routes)
 *   /api/verify-license.php       Blenddoit dialect (seed 002)
 *   /pay/:token                   sandbox gateway's hosted pay page
 *   /webhooks/gateways/:gateway…  real gateways' callbacks and returns (UPI Gateway, PayPal)
 *   /api/purchase…, /api/plans…   Biznoq dialect (seed 000)
 *   /api/v1/licenses/purchase/checkout-link   JFramework dialect (seed 001)
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
    routerOptions: { maxParamLength: 5000 },
    // Off unless configured: a client must not choose its own address (rate limits, sign-in limits).
    trustProxy: trustProxyOf(deps.config.TRUST_PROXY),
    // Per-request lines cost more than the verification hot path itself; on at debug level.
    logController: new LogController({
      disableRequestLogging: deps.config.LOG_LEVEL !== "debug" && deps.config.LOG_LEVEL !== "trace",
    }),
  });

  app.setErrorHandler((error: { statusCode?: number; message?: string }, _req, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) app.log.error({ err: error }, "unhandled error");
    return reply.code(status).send({
      code: status >= 500 ? "internal" : "invalid_input",
      message: status >= 500 ? "Internal server error." : (error.message ?? "Bad request."),
    });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ code: "not_found", message: "Not found." }));

  await app.register(healthPlugin, deps);
  await app.register(trpcPlugin, deps);
  await app.register(openApiPlugin, deps);
  await app.register(licenseVerificationPlugin, deps);
  await app.register(blenddoitDialect, deps);
  await app.register(payPagePlugin, deps);
  await app.register(gatewayCallbacksPlugin, deps);
  await app.register(biznoqDialect, deps);
  await app.register(jframeworkDialect, deps);
  await app.register(devMailboxPlugin, deps);
  await app.register(portalPlugin, deps);
  return app;
}

/** TRUST_PROXY as Fastify's option: a hop count becomes proxy-addr's hop test (its types lack numbers). */
function trustProxyOf(setting: AppConfig["TRUST_PROXY"]) {
  if (typeof setting !== "number") return setting;
  return (_address: string, hop: number) => hop < setting;
}
