import type { FastifyBaseLogger } from "fastify";

/**
 * One line per server failure, written with the request's own logger (which carries `reqId`, the
 * id the client got in `x-request-id`). Only the error itself goes in, reduced to its type, code,
 * message and stack: never the request's body, headers or query, nor what a database error
 * attaches (drizzle's message lists the query's parameters — keys, tokens, hashed secrets —
 * and a Postgres error's `detail` repeats row values).
 */
export function logServerFailure(
  log: FastifyBaseLogger,
  error: unknown,
  where: { method: string; route?: string | undefined; procedure?: string | undefined },
) {
  // Not under `err`: pino's error serializer would rebuild it from the raw causes.
  log.error({ error: safeError(error), ...where }, "request failed");
}

export function safeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: unknown }).cause;
  return {
    type: error.name,
    message: safeMessage(error.message),
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    stack: (error.stack ?? "")
      .split("\n")
      .filter((line) => line.trimStart().startsWith("at "))
      .join("\n"),
    ...(cause !== undefined && depth < 3 ? { cause: safeError(cause, depth + 1) } : {}),
  };
}

function safeMessage(message: string): string {
  const params = message.indexOf("\nparams:");
  return (params === -1 ? message : message.slice(0, params)).slice(0, 1000);
}
