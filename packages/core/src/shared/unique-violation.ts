import { findPgError, pgErrorCodes } from "./pg-errors";

/** True for a Postgres unique violation (of `constraint`, when named), wrapped or not. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const found = findPgError(error, [pgErrorCodes.uniqueViolation]);
  if (!found) return false;
  return !constraint || found.constraint === undefined || found.constraint === constraint;
}
