import type { TRPCError } from "@trpc/server";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { fastifyTRPCOpenApiPlugin, generateOpenApiDocument } from "trpc-to-openapi";
import type { AppDeps } from "../deps";
import { blenddoitOpenApiPaths } from "../dialects/blenddoit/openapi";
import { logServerFailure } from "../http/error-log";
import { createContextFactory } from "../trpc/context";
import { httpStatusOf } from "../trpc/errors";
import { appRouter } from "../trpc/router";
import { docsPage, docsScript } from "./openapi-docs";
import { withOwnErrorDescriptions } from "./openapi-error-descriptions";

/**
 * The native REST API: tRPC procedures with `meta.openapi`, served under /api/v1, described at
 * /openapi.json and rendered at /docs. Routes added by hand (the verification hot path) extend
 * the document through `paths` (the Blenddoit dialect; the hot path shares its procedures' paths).
 */
export async function openApiPlugin(app: FastifyInstance, deps: AppDeps) {
  const document = withOwnErrorDescriptions(
    generateOpenApiDocument(appRouter, {
      title: "Keyway API",
      description:
        "Sell and verify software licenses. Vendor routes take `Authorization: Bearer <secret>` or `x-api-key` + `x-api-secret`.",
      version: "1.0.0",
      baseUrl: `${deps.config.publicUrl}/api/v1`,
      docsUrl: `${deps.config.publicUrl}/docs`,
      paths: blenddoitOpenApiPaths(deps.config.publicUrl),
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "The API secret of a vendor credential." },
      },
    }),
    appRouter,
  );

  app.get("/openapi.json", async () => document);
  const page = docsPage("/openapi.json", "/docs/reference.js");
  const script = docsScript("/openapi.json");
  app.get("/docs", async (_req, reply) => reply.type("text/html").send(page));
  app.get("/docs/reference.js", async (_req, reply) => reply.type("text/javascript").send(script));

  await app.register(
    async (scope) => {
      // JSON only, through the app's one parser: any other body is a 415 in the REST envelope.
      scope.removeContentTypeParser("text/plain");
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
    },
    { prefix: "/api/v1" },
  );
}
