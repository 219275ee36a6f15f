import { randomUUID } from "node:crypto";
import { DomainError } from "@keyway/core";
import { errorTable } from "@keyway/schema";
import type { FastifyReply } from "fastify";

export interface JFrameworkProblem {
  code: string;
  message: string;
}

/** Seed 001's envelope: `{ success, statusCode, message, data, errors }`. */
export function jframeworkOk(reply: FastifyReply, data: unknown) {
  return reply
    .code(200)
    .send({ success: true, statusCode: 200, message: "The request was successful.", data, errors: [] });
}

/** A failure in the same envelope: one entry per problem, each with the request's correlation id. */
export function jframeworkError(
  reply: FastifyReply,
  status: number,
  message: string,
  problems: JFrameworkProblem[],
) {
  const correlationId = randomUUID();
  return reply.code(status).send({
    success: false,
    statusCode: status,
    message,
    data: null,
    errors: problems.map((p) => ({ ...p, correlationId })),
  });
}

/** Maps a thrown error to the envelope: domain errors by the shared table, others as 500. */
export function sendJFrameworkFailure(reply: FastifyReply, error: unknown) {
  if (error instanceof DomainError) {
    const status = errorTable[error.code].status;
    return jframeworkError(reply, status, error.message, [{ code: error.code, message: error.message }]);
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) {
    const message = status === 413 ? "Request body is too large." : "Malformed request.";
    return jframeworkError(reply, status, message, [{ code: "invalid_input", message }]);
  }
  reply.log.error({ err: error }, "jframework dialect error");
  return jframeworkError(reply, 500, "Server error.", [{ code: "internal", message: "Server error." }]);
}
