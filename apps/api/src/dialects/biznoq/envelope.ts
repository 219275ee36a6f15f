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

/** The first validation problem, as one clear sentence (zod messages are written for people). */
export function firstIssue(
  error: { issues: { message: string; path: PropertyKey[] }[] },
  body: unknown,
): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid request body.";
  const field = issue.path.map(String).join(".");
  const given = body && typeof body === "object" ? (body as Record<string, unknown>)[field] : undefined;
  if (field && (given === undefined || given === null || given === "")) return `${field} is required.`;
  return issue.message;
}
