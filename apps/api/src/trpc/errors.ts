import { DomainError } from "@keyway/core";
import { type ErrorCode, errorTable } from "@keyway/schema";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";

/** Domain code carried by a tRPC error (set by the errorFormatter, read by responseMeta). */
export function domainCodeOf(error: TRPCError): ErrorCode {
  const cause = error.cause;
  if (cause instanceof DomainError) return cause.code;
  switch (error.code) {
    case "BAD_REQUEST":
    case "PARSE_ERROR":
    // The OpenAPI adapter's own refusals (e.g. a POST without `content-type: application/json`).
    case "UNSUPPORTED_MEDIA_TYPE":
    case "PAYLOAD_TOO_LARGE":
    case "METHOD_NOT_SUPPORTED":
    case "UNPROCESSABLE_CONTENT":
      return "invalid_input";
    case "UNAUTHORIZED":
      return "unauthorized";
    case "FORBIDDEN":
      return "forbidden";
    case "NOT_FOUND":
      return "not_found";
    case "CONFLICT":
      return "conflict";
    case "TOO_MANY_REQUESTS":
      return "rate_limited";
    default:
      return "internal";
  }
}

/**
 * The HTTP status of a tRPC error: a domain error's by errorTable, any other by tRPC's own table
 * (so the OpenAPI adapter's 415 or 413 is answered as such, as its body's `httpStatus` says).
 */
export function httpStatusOf(error: TRPCError): number {
  const cause = error.cause;
  return cause instanceof DomainError ? errorTable[cause.code].status : getHTTPStatusCodeFromError(error);
}

/** Turns a DomainError thrown by core into the tRPC error of its code (one table, errorTable). */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof DomainError) {
    return new TRPCError({ code: errorTable[error.code].trpc, message: error.message, cause: error });
  }
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error.", cause: error });
}
