import { type TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { biznoqError } from "../dialects/biznoq/envelope";
import { blenddoitError, MESSAGES } from "../dialects/blenddoit/envelope";
import { jframeworkError } from "../dialects/jframework/envelope";
import { payPageHtml } from "../plugins/pay-page-html";
import { frameworkErrorHeaders } from "../plugins/security-headers";
import { logServerFailure } from "./error-log";
import { clientFailure, dataOf, type Failure, failureOf } from "./failure";
import { echoRequestIdOn } from "./request-id";
import { type Surface, surfaceOf } from "./surfaces";

/**
 * The one place that words a failure in each surface's envelope, used by the root error and
 * not-found handlers, Fastify's frameworkErrors (bad URL, over-long path parameter) and the
 * surfaces' own error handlers, so every route answers every failure in its documented body
 * with the status that body states:
 *   rest        { message, code: "BAD_REQUEST"…, data: { code, httpStatus, details? } }
 *   trpc        { error: { message, code: -32xxx, data: { code, httpStatus, details? } } }
 *               (one per call of a batch), as the errorFormatter in ../trpc/init.ts shapes it
 *   jframework  { success: false, statusCode, message, data: null, errors: [{ code, message, … }] }
 *   biznoq      { success: false, message }
 *   blenddoit   { status: "error", message, data: [] }
 *   pay         an HTML page
 *   root        { code, message }
 * A 5xx is logged once, with the request id (./error-log.ts); an internal one says no more than that.
 */
export function sendFailure(
  surface: Surface,
  request: FastifyRequest,
  reply: FastifyReply,
  failure: Failure,
) {
  echoRequestIdOn(request, reply);
  const retryAfter = failure.details?.retryAfter;
  if (failure.code === "rate_limited" && retryAfter !== undefined && !reply.hasHeader("retry-after")) {
    reply.header("retry-after", String(retryAfter));
  }
  const { status, code } = failure;
  // A domain error keeps its words (a gateway's 502 names the provider's reason); "internal" never says more.
  const internal = code === "internal";
  switch (surface) {
    case "rest":
      return json(reply, status).send({
        message: failure.message,
        code: trpcKeyOf(status),
        data: dataOf(failure),
        ...(failure.issues ? { issues: failure.issues } : {}),
      });
    case "trpc":
      return json(reply, status).send(trpcBodyOf(request.url, failure));
    case "jframework": {
      const message = internal ? "Server error." : failure.message;
      return jframeworkError(json(reply, status), status, message, [{ code, message }]);
    }
    case "biznoq":
      return biznoqError(json(reply, status), status, internal ? "Server error." : failure.message);
    case "blenddoit":
      return blenddoitError(json(reply, status), status, blenddoitMessageOf(failure));
    case "pay": {
      const [title, text] =
        status === 404
          ? ["Order not found", "This payment link is not valid."]
          : internal
            ? ["Something went wrong", "Please try again."]
            : ["Invalid request", failure.message];
      return reply.code(status).type("text/html; charset=utf-8").send(payPageHtml.message(title, text));
    }
    default:
      return json(reply, status).send({ code, message: failure.message });
  }
}

/** For `setErrorHandler`: a surface's own scope names itself; the root derives it from the URL. */
export function errorHandlerFor(surface?: Surface) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const failure = failureOf(error);
    if (failure.status >= 500) {
      logServerFailure(request.log, error, { method: request.method, route: request.routeOptions.url });
    }
    return sendFailure(surface ?? surfaceOf(request.url), request, reply, failure);
  };
}

/** The root not-found handler. */
export function sendNotFound(request: FastifyRequest, reply: FastifyReply) {
  return sendFailure(surfaceOf(request.url), request, reply, clientFailure(404));
}

/** Fastify's `frameworkErrors`: FST_ERR_BAD_URL, FST_ERR_MAX_PARAM_LENGTH (414), FST_ERR_ASYNC_CONSTRAINT. */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.headers(frameworkErrorHeaders);
  return errorHandlerFor()(error, request, reply);
}

function json(reply: FastifyReply, status: number) {
  return reply.code(status).type("application/json; charset=utf-8");
}

const trpcKeys: Partial<Record<number, TRPC_ERROR_CODE_KEY>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE_CONTENT",
  429: "TOO_MANY_REQUESTS",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
};

function trpcKeyOf(status: number): TRPC_ERROR_CODE_KEY {
  return trpcKeys[status] ?? (status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST");
}

/** tRPC's error response: one `{ error }`, or an array with one per call when a batch failed whole. */
function trpcBodyOf(url: string, failure: Failure) {
  const item = {
    error: {
      message: failure.message,
      code: TRPC_ERROR_CODES_BY_KEY[trpcKeyOf(failure.status)],
      data: dataOf(failure),
    },
  };
  const calls = batchCallsOf(url);
  return calls > 0 && failure.status !== 414 ? Array.from({ length: calls }, () => item) : item;
}

/** How many procedures a `/trpc/a,b,c?batch=1` URL names (0 when it is not a batch). */
function batchCallsOf(url: string): number {
  const query = url.indexOf("?");
  if (query === -1 || new URLSearchParams(url.slice(query + 1)).get("batch") !== "1") return 0;
  const path = url.slice("/trpc/".length, query);
  return path.includes("/") ? 0 : path.split(",").length;
}

function blenddoitMessageOf(failure: Failure): string {
  if (failure.code === "internal") return MESSAGES.serverError;
  if (failure.status === 429) return MESSAGES.rateLimited;
  if (failure.status === 413) return MESSAGES.tooLarge;
  if (failure.status === 415) return MESSAGES.unsupported;
  if (failure.status === 400) return MESSAGES.malformed;
  return failure.message;
}
