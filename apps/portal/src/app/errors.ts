/** A sentence a person can act on, never a raw error object. */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  if (!error || typeof error !== "object") return fallback;
  const e = error as { message?: unknown; data?: { code?: unknown; httpStatus?: unknown } | null };
  const code = typeof e.data?.code === "string" ? e.data.code : null;
  if (code === "BAD_REQUEST" && typeof e.message === "string" && e.message.trim().startsWith("[")) {
    // zod issues serialised by tRPC: show the first message only.
    try {
      const issues = JSON.parse(e.message) as Array<{ message?: string }>;
      if (issues[0]?.message) return issues[0].message;
    } catch {
      return "Please check the form and try again.";
    }
  }
  if (code === "INTERNAL_SERVER_ERROR" || !code) {
    return e.message === "Failed to fetch"
      ? "We could not reach the server. Check your connection."
      : fallback;
  }
  if (typeof e.message === "string" && e.message.length > 0 && e.message.length < 300) return e.message;
  return fallback;
}

export function isUnauthorized(error: unknown): boolean {
  return (error as { data?: { code?: unknown } } | null)?.data?.code === "UNAUTHORIZED";
}
