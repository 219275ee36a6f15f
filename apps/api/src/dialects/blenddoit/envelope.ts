import type { FastifyReply } from "fastify";

/**
 * Blenddoit's envelope (seed 002): `{ status: "success" | "error", message, data }`, where
 * `data` is `[]` when there is nothing to add (the PHP original's empty array).
 *
 * HTTP status codes (Blenddoit's documentation shows bodies only; clients read the body):
 *   200  License verified successfully.
 *   400  Missing required parameters. / Invalid domain format. / Invalid software ID. (not an
 *        integer) / Invalid license format. / Malformed request. (unparsable body) /
 *        Invalid nonce (invalid_nonce). (X-Keyway-Nonce out of its pattern)
 *   403  License is not registered for this domain. / License is not active. /
 *        License has expired, please renew now.
 *   404  Invalid software ID. (no such software) / License key not found.
 *   413  Request body is too large.
 *   415  Unsupported content type.
 *   429  Too many requests, please try again later. (`Retry-After` header, seconds)
 *   500  Server error.
 */
export type BlenddoitData = Record<string, unknown> | [];

export function blenddoitError(
  reply: FastifyReply,
  httpStatus: number,
  message: string,
  data: BlenddoitData = [],
) {
  return reply.code(httpStatus).send({ status: "error", message, data });
}

export const MESSAGES = {
  success: "License verified successfully.",
  missing: "Missing required parameters.",
  invalidDomain: "Invalid domain format.",
  invalidSoftware: "Invalid software ID.",
  invalidFormat: "Invalid license format.",
  notFound: "License key not found.",
  domainMismatch: "License is not registered for this domain.",
  notActive: "License is not active.",
  expired: "License has expired, please renew now.",
  serverError: "Server error.",
  malformed: "Malformed request.",
  tooLarge: "Request body is too large.",
  unsupported: "Unsupported content type.",
  rateLimited: "Too many requests, please try again later.",
  invalidNonce: "Invalid nonce (invalid_nonce).",
} as const;
