/** True for a Postgres unique violation (23505), whether the driver error is wrapped or not. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const o = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (o.code === "23505") {
      if (!constraint) return true;
      const name = o.constraint ?? o.constraint_name;
      return typeof name !== "string" || name === constraint;
    }
    e = o.cause;
  }
  return false;
}
