import type { AppRouter } from "@keyway/api";
import type { PublicRouter } from "@keyway/api/public-router";
import type { TRPCClient } from "@trpc/client";
import type { inferRouterError, inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { describe, expectTypeOf, it } from "vitest";

/**
 * `PublicRouter` (what @keyway/client publishes) drops only the server's context and meta: a
 * client of it sees the same procedures, inputs, outputs and errors as a client of `AppRouter`.
 * Type assertions: `pnpm typecheck` (tsc over test/) fails when the two drift apart.
 */
describe("PublicRouter", () => {
  it("has AppRouter's inputs, outputs and error shape", () => {
    expectTypeOf<inferRouterInputs<PublicRouter>>().toEqualTypeOf<inferRouterInputs<AppRouter>>();
    expectTypeOf<inferRouterOutputs<PublicRouter>>().toEqualTypeOf<inferRouterOutputs<AppRouter>>();
    expectTypeOf<inferRouterError<PublicRouter>>().toEqualTypeOf<inferRouterError<AppRouter>>();
  });

  it("gives a tRPC client the same calls (queries stay queries, mutations mutations)", () => {
    expectTypeOf<TRPCClient<PublicRouter>>().toEqualTypeOf<TRPCClient<AppRouter>>();
  });

  it("carries no server context", () => {
    expectTypeOf<PublicRouter["_def"]["_config"]["$types"]["ctx"]>().toEqualTypeOf<object>();
  });
});
