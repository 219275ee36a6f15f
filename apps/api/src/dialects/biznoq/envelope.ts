import { DomainError } from "@keyway/core";
import { errorTable } from "@keyway/schema";
import type { FastifyReply } from "fastify";

/** Biznoq answers `{ success: false, message }` for every failure. */
export function biznoqError(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).send({ success: false, message });
}

/** Maps a thrown error to the Biznoq envelope: domain errors by the shared table, others as 500. */
export function sendBiznoqFailure(reply: FastifyReply, error: unknown) {
  if (error instanceof DomainError) return biznoqError(reply, errorTable[error.code].status, error.message);
  const status = (error as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) {
    return biznoqError(reply, status, status === 413 ? "Request body is too large." : "Malformed request.");
  }
  reply.log.error({ err: error }, "biznoq dialect error");
  return biznoqError(reply, 500, "Server error.");
}
