import { DomainError } from "@keyway/core";
import { type ErrorCode, errorTable } from "@keyway/schema";
import { JsonBodyError } from "./json-parser";

/** What went wrong, before any surface words it: a domain code of errorTable and its status. */
export interface Failure {
  status: number;
  code: ErrorCode;
  /** For people; a 5xx never says more than "internal". */
  message: string;
  details?: Record<string, unknown>;
  /** Which fields of the input were refused (REST shows them, as trpc-to-openapi does). */
  issues?: InputIssue[];
}

export interface InputIssue {
  path: string[];
  message: string;
  code: string;
}

const clientMessages: Record<number, string> = {
  400: "Malformed request.",
  401: "Unauthorized.",
  403: "Forbidden.",
  404: "Not found.",
  405: "Method not allowed.",
  409: "Conflict.",
  413: "Request body is too large.",
  414: "The request URL is too long.",
  415: "Unsupported content type.",
  429: "Too many requests.",
};

/** Fastify's own refusals worth naming (their messages echo the URL or name internals). */
const frameworkMessages: Record<string, string> = {
  FST_ERR_BAD_URL: "The URL is not valid.",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "The Content-Length does not match the body.",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "Unsupported content type.",
  FST_ERR_CTP_BODY_TOO_LARGE: "Request body is too large.",
};

const codeByStatus: Partial<Record<number, ErrorCode>> = {
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  429: "rate_limited",
};

/** A refusal with a status (404, 413, 414, 415, …) and, unless given, the usual words for it. */
export function clientFailure(status: number, message?: string): Failure {
  return {
    status,
    code: codeByStatus[status] ?? "invalid_input",
    message: message ?? clientMessages[status] ?? "Malformed request.",
  };
}

/** A body its schema refused: 400 "Input validation failed", with the schema's issues. */
export function inputFailure(
  issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[],
): Failure {
  return {
    ...clientFailure(400, "Input validation failed"),
    issues: issues.map((i) => ({ path: i.path.map(String), message: i.message, code: i.code })),
  };
}

export const internalFailure: Failure = { status: 500, code: "internal", message: "Internal server error." };

/**
 * Anything thrown while answering, as a Failure: a DomainError by errorTable; a rate limit with
 * its Retry-After; a 4xx from Fastify or a plugin (body parsing, size, content type, URL); and
 * everything else as 500, whose cause is logged (./error-log.ts) and never shown.
 */
export function failureOf(error: unknown): Failure {
  if (error instanceof DomainError) {
    const failure: Failure = {
      status: errorTable[error.code].status,
      code: error.code,
      message: error.message,
    };
    return error.details ? { ...failure, details: error.details } : failure;
  }
  if (error instanceof JsonBodyError) return clientFailure(400, error.message);
  const { statusCode, code, retryAfter } = (error ?? {}) as {
    statusCode?: number;
    code?: string;
    retryAfter?: number;
  };
  if (statusCode === 429) return { ...clientFailure(429), details: { retryAfter: retryAfter ?? 60 } };
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    return clientFailure(statusCode, code ? frameworkMessages[code] : undefined);
  }
  return internalFailure;
}

/**
 * The `data` of a REST or tRPC error body: the domain code, the HTTP status and any details.
 * The tRPC errorFormatter (../trpc/init.ts) builds its procedures' errors with it too.
 */
export function dataOf(failure: Pick<Failure, "code" | "status" | "details">) {
  return {
    code: failure.code,
    httpStatus: failure.status,
    ...(failure.details ? { details: failure.details } : {}),
  };
}
