import type {
  AnyTRPCRouter,
  inferRouterError,
  TRPCBuiltRouter,
  TRPCMutationProcedure,
  TRPCQueryProcedure,
  TRPCSubscriptionProcedure,
} from "@trpc/server";
import type { AppRouter } from "./router";

/** A procedure or a nested router, with only what a client sees: its input and its output. */
type PublicNode<T> =
  T extends TRPCQueryProcedure<infer D>
    ? TRPCQueryProcedure<{ input: D["input"]; output: D["output"]; meta: object }>
    : T extends TRPCMutationProcedure<infer D>
      ? TRPCMutationProcedure<{ input: D["input"]; output: D["output"]; meta: object }>
      : T extends TRPCSubscriptionProcedure<infer D>
        ? TRPCSubscriptionProcedure<{ input: D["input"]; output: D["output"]; meta: object }>
        : { [K in keyof T]: PublicNode<T[K]> };

/**
 * A router's type without its context (database, services) or its meta (OpenAPI): only the
 * error shape and the procedures' inputs and outputs. Nothing else in tRPC's client reads them.
 */
function toPublicRouter<TRouter extends AnyTRPCRouter>(
  router: TRouter,
): TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: inferRouterError<TRouter>; transformer: false },
  { [K in keyof TRouter["_def"]["record"]]: PublicNode<TRouter["_def"]["record"][K]> }
> {
  return router as never;
}

/** Never called: tsc writes its inferred return type out in full in declarations. */
function publicRouterShape() {
  return toPublicRouter(null as unknown as AppRouter);
}

/**
 * `AppRouter` as a client sees it, for `@keyway/client`'s published declarations: the same
 * procedures, inputs and outputs, as plain object types and `@trpc/server`'s procedure types,
 * with no reference back to server modules (context, database, core).
 */
export type PublicRouter = ReturnType<typeof publicRouterShape>;
