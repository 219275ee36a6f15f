import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../deps";
import { createContextFactory } from "../trpc/context";
import { type AppRouter, appRouter } from "../trpc/router";

/** The typed API for the portal and `@keyway/client`, at /trpc. */
export async function trpcPlugin(app: FastifyInstance, deps: AppDeps) {
  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: createContextFactory(deps),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR")
          app.log.error({ err: error.cause ?? error, path }, "trpc error");
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });
}
