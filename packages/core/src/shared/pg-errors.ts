/** The Postgres error codes (SQLSTATE) core acts on. */
export const pgErrorCodes = {
  notNullViolation: "23502",
  foreignKeyViolation: "23503",
  uniqueViolation: "23505",
  serializationFailure: "40001",
  deadlockDetected: "40P01",
} as const;

export type PgErrorCode = (typeof pgErrorCodes)[keyof typeof pgErrorCodes];

/** A Postgres error as both drivers raise it: its SQLSTATE and, for constraint errors, the constraint. */
export interface PgError {
  code: PgErrorCode;
  constraint: string | undefined;
}

/**
 * The first Postgres error with one of `codes` in `error`'s cause chain (drizzle wraps the
 * driver's error in its own), or null. postgres.js names the constraint `constraint_name`,
 * PGlite `constraint`.
 */
export function findPgError(error: unknown, codes: readonly PgErrorCode[]): PgError | null {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const o = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if ((codes as readonly unknown[]).includes(o.code)) {
      const name = o.constraint ?? o.constraint_name;
      return { code: o.code as PgErrorCode, constraint: typeof name === "string" ? name : undefined };
    }
    e = o.cause;
  }
  return null;
}
