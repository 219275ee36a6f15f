import type { FastifyReply } from "fastify";

/**
 * Biznoq answers `{ success: false, message }` for every failure (thrown ones are worded by
 * http/error-envelopes.ts).
 */
export function biznoqError(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).send({ success: false, message });
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
