import type { FastifyReply } from "fastify";

export interface JFrameworkProblem {
  code: string;
  message: string;
}

/** Seed 001's envelope: `{ success, statusCode, message, data, errors }`. */
export function jframeworkOk(reply: FastifyReply, data: unknown) {
  return reply.code(200).send(jframeworkOkBody(data));
}

/** The success envelope itself (what an idempotent route stores and replays). */
export function jframeworkOkBody(data: unknown) {
  return { success: true, statusCode: 200, message: "The request was successful.", data, errors: [] };
}

/**
 * A failure in the same envelope: one entry per problem, each with the request's correlation id
 * (the request id: the `x-request-id` header of the answer and `reqId` in the server's log).
 */
export function jframeworkError(
  reply: FastifyReply,
  status: number,
  message: string,
  problems: JFrameworkProblem[],
) {
  const correlationId = reply.request.id;
  return reply.code(status).send({
    success: false,
    statusCode: status,
    message,
    data: null,
    errors: problems.map((p) => ({ ...p, correlationId })),
  });
}
