import { DomainError } from "@keyway/core";
import { initTRPC } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { dataOf } from "../http/failure";
import type { Context } from "./context";
import { domainCodeOf } from "./errors";

/** tRPC is initialised once, here. Error shapes never carry a stack trace, on any surface. */
const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const code = domainCodeOf(error);
      const internal = code === "internal";
      const cause = error.cause;
      return {
        message: internal ? "Internal server error." : shape.message,
        code: shape.code,
        data: dataOf({
          code,
          status: shape.data.httpStatus,
          ...(cause instanceof DomainError && cause.details ? { details: cause.details } : {}),
        }),
      };
    },
  });

export const router = t.router;
export const middleware = t.middleware;
export const baseProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
