/** Money is integer minor units plus an ISO code; dates are ISO strings shown in the vendor's zone. */
export function formatMoney(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined || !currency) return "—";
  try {
    const f = new Intl.NumberFormat("en", { style: "currency", currency });
    const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
    return f.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

export function minorFromInput(value: string, currency: string): number | null {
  const n = Number(value.replace(/,/g, ""));
  if (!Number.isFinite(n) || n < 0) return null;
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2;
  } catch {}
  return Math.round(n * 10 ** digits);
}

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

/** Minor units back to what a person types (`299900` INR → `2999`). */
export function inputFromMinor(minor: number, currency: string): string {
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2;
  } catch {}
  return String(minor / 10 ** digits);
}
