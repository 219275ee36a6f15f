/** Dates are ISO strings; money is `formatMoney` of @keyway/schema. */

/** Dates show in the vendor's time zone (set from the session), as the dialects render them. */
let displayTimeZone: string | undefined;
export function setDisplayTimeZone(timeZone: string | undefined) {
  displayTimeZone = timeZone;
}

export function formatDate(iso: string | null | undefined, timeZone = displayTimeZone): string {
  if (!iso) return "—";
  try {
    return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(
      new Date(iso),
    );
  } catch {
    return iso;
  }
}

export function errorMessage(error: unknown): string {
  if (error && typeof error === "object" && "message" in error && typeof error.message === "string") {
    return error.message;
  }
  return "Something went wrong.";
}
