import { LARGE_BODY_OPERATIONS } from "@keyway/schema";
import { fastifyRequestHandler } from "@trpc/server/adapters/fastify";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppDeps } from "../deps";
import { sendFailure } from "../http/error-envelopes";
import { logServerFailure } from "../http/error-log";
import { clientFailure } from "../http/failure";
import { createContextFactory } from "../trpc/context";
import { appRouter } from "../trpc/router";

/**
 * Longest `/trpc/<path>` segment: a batch names every procedure in it (`/trpc/a,b,c`), so a few
 * hundred calls fit; a longer one answers 414 in tRPC's envelope. Fastify's router limit.
 */
export const TRPC_MAX_PATH_LENGTH = 5000;

/**
 * The typed API for the portal and `@keyway/client`, at /trpc. The route is registered here
 * rather than through `fastifyTRPCPlugin` so that bodies go through the app's one JSON parser
 * (http/json-parser.ts: nesting limit, prototype keys) instead of the adapter's pass-through
 * of raw text; tRPC reads the parsed body. JSON only: a `text/plain` body is a 415.
 */
export async function trpcPlugin(app: FastifyInstance, deps: AppDeps) {
  app.removeContentTypeParser("text/plain");
  const createContext = createContextFactory(deps);

  const handle = (path: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    await fastifyRequestHandler({
      router: appRouter,
      createContext,
      req: request,
      res: reply,
      path,
      onError({ error, path }) {
        if (getHTTPStatusCodeFromError(error) >= 500) {
          logServerFailure(request.log, error, { method: request.method, procedure: path });
        }
      },
    });
  };
  app.all<{ Params: { path: string } }>("/trpc/:path", (request, reply) =>
    handle(request.params.path)(request, reply),
  );
  // A picture upload or a license file, called alone (not batched), has room for its body;
  // every other call keeps 64 KB.
  for (const { procedure, bodyLimit } of LARGE_BODY_OPERATIONS) {
    app.post(`/trpc/${procedure}`, { bodyLimit }, handle(procedure));
  }

  // Anything else under /trpc/: a nested path, or a batch past the path limit (the router skips
  // `:path` then). Both in tRPC's own envelope.
  app.all<{ Params: { "*": string } }>("/trpc/*", async (request, reply) => {
    const rest = request.params["*"];
    const tooLong = rest.length > TRPC_MAX_PATH_LENGTH && !rest.includes("/");
    return sendFailure("trpc", request, reply, clientFailure(tooLong ? 414 : 404));
  });
}
