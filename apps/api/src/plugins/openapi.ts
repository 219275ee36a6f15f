import { LARGE_BODY_OPERATIONS } from "@keyway/schema";
import type { TRPCError } from "@trpc/server";
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from "fastify";
import { fastifyTRPCOpenApiPlugin, generateOpenApiDocument } from "trpc-to-openapi";
import type { AppDeps } from "../deps";
import { biznoqOpenApiPaths } from "../dialects/biznoq/openapi";
import { blenddoitOpenApiPaths } from "../dialects/blenddoit/openapi";
import { jframeworkOpenApiPaths, jframeworkSecuritySchemes } from "../dialects/jframework/openapi";
import { logServerFailure } from "../http/error-log";
import { createContextFactory } from "../trpc/context";
import { httpStatusOf } from "../trpc/errors";
import { appRouter } from "../trpc/router";
import { licenseExportOpenApiPaths } from "./license-export-openapi";
import { withOptionalBodies } from "./openapi-bodies";
import { apiDocsPlugin } from "./openapi-docs";
import { withOwnErrorDescriptions } from "./openapi-error-descriptions";
import { withErrorBodies } from "./openapi-errors";
import { apiInfo } from "./openapi-info";
import { securitySchemes, withSecurity } from "./openapi-security";
import { withSignatureHeaders } from "./openapi-signatures";
import { productImageOpenApiPaths } from "./product-images-openapi";
import { unsubscribeOpenApiPaths } from "./unsubscribe";

/**
 * The native REST API: tRPC procedures with `meta.openapi`, served under /api/v1, described at
 * /openapi.json and rendered at /docs. Routes added by hand extend the document through `paths`:
 * the dialects (Blenddoit, Biznoq, JFramework), each in its own envelope; the verification hot
 * path shares its procedures' paths. Verification operations document their signed answers
 * (./openapi-signatures.ts).
 */
export async function openApiPlugin(app: FastifyInstance, deps: AppDeps) {
  const generated = generateOpenApiDocument(appRouter, {
    ...apiInfo,
    baseUrl: `${deps.config.publicUrl}/api/v1`,
    docsUrl: `${deps.config.publicUrl}/docs`,
    paths: {
      ...blenddoitOpenApiPaths(deps.config.publicUrl),
      ...biznoqOpenApiPaths(deps.config.publicUrl),
      ...jframeworkOpenApiPaths(),
      ...productImageOpenApiPaths(deps.config.publicUrl),
      ...licenseExportOpenApiPaths(),
      ...unsubscribeOpenApiPaths(deps.config.publicUrl),
    },
    securitySchemes: { ...securitySchemes, ...jframeworkSecuritySchemes },
  });
  // Then what the generator cannot say: each route's own error words, the real error bodies, the
  // key pair, bodies that may be left out.
  const document = withSignatureHeaders(
    withOptionalBodies(
      withSecurity(withErrorBodies(withOwnErrorDescriptions(generated, appRouter), appRouter), appRouter),
      appRouter,
    ),
  );

  app.get("/openapi.json", async () => document);
  await app.register(apiDocsPlugin, { specUrl: "/openapi.json" });

  await app.register(
    async (scope) => {
      // JSON only, through the app's one parser: any other body is a 415 in the REST envelope.
      scope.removeContentTypeParser("text/plain");
      // A POST without a body (archive, revoke, cancel, replay…) needs no Content-Type: the
      // document declares none, so none is required (the adapter would refuse it with a 415).
      scope.addHook("onRequest", async (request) => {
        if (request.headers["content-type"] || hasBody(request.headers)) return;
        request.headers["content-type"] = "application/json";
      });
      // The adapter serves every operation from one `/*` route with the app's 64 KB body limit;
      // the few that carry more (http/large-bodies.ts) get the same handler on their own routes.
      let adapterHandler: RouteHandlerMethod | undefined;
      scope.addHook("onRoute", (route) => {
        if (route.url.endsWith("/*")) adapterHandler = route.handler;
      });
      await scope.register(fastifyTRPCOpenApiPlugin, {
        basePath: "/",
        router: appRouter,
        createContext: createContextFactory(deps),
        // The status the body's `data.httpStatus` states (a 415 is a 415, not a 400).
        responseMeta({ errors }: { errors: TRPCError[] }) {
          const first = errors[0];
          return first ? { status: httpStatusOf(first) } : {};
        },
        // The adapter answers its own 500s: log each once, with the request's id.
        onError({ error, path, req }: { error: TRPCError; path?: string; req: FastifyRequest }) {
          if (httpStatusOf(error) >= 500) {
            logServerFailure(req.log, error, { method: req.method, procedure: path });
          }
        },
      });
      if (!adapterHandler) throw new Error("trpc-to-openapi registered no route");
      for (const { method, path, bodyLimit } of LARGE_BODY_OPERATIONS) {
        scope.route({ method, url: path, bodyLimit, handler: adapterHandler });
      }
    },
    { prefix: "/api/v1" },
  );
}

/** Whether a request carries a body at all (a length above zero, or a chunked one). */
function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = Number(headers["content-length"] ?? 0);
  return headers["transfer-encoding"] !== undefined || length > 0;
}
