/** What people call the fields the API names (`serialNo` → "the serial number"). */
const FIELD_WORDS: Record<string, string> = {
  serialNo: "the serial number",
  buyerPhone: "the mobile number",
  phone: "the mobile number",
  email: "the email address",
  destination: "the email or mobile number",
  quantity: "the number of licenses",
  code: "the code",
  licenseKey: "the license key",
  binding: "the serial number or domain",
};

/** Messages core words for API clients, said again for a person. */
const SENTENCES: Array<[RegExp, string]> = [
  [
    /^serialNo is not a valid serial number/,
    "That serial number does not look right. Copy it from your device, e.g. B-12345678.",
  ],
  [/^serialNo is required/, "Enter the serial number of your device or installation."],
  [/^buyerPhone /, "Enter a 10-digit mobile number."],
];

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A validation or domain message in words: known ones rewritten, field names spelt out, no "(reason)". */
export function inWords(message: string, path?: ReadonlyArray<unknown>): string {
  for (const [pattern, sentence] of SENTENCES) if (pattern.test(message)) return sentence;
  const field = path
    ?.map(String)
    .reverse()
    .find((p) => FIELD_WORDS[p]);
  // zod's own wording ("Too small: expected number to be >=1") is for programmers.
  if (/expected|invalid input|^too (small|big)|^required$/i.test(message))
    return field ? `Please check ${FIELD_WORDS[field]}.` : "Please check the form and try again.";
  const leading = message.match(/^([a-z]+[A-Z]\w*) (.*)$/);
  if (leading?.[1] && FIELD_WORDS[leading[1]])
    return capitalise(`${FIELD_WORDS[leading[1]]} ${leading[2]?.replace(/\s*\([^)]*\)\.?$/, ".")}`);
  return message;
}

interface TrpcLikeError {
  message?: unknown;
  data?: { code?: unknown; httpStatus?: unknown; details?: { field?: unknown; retryAt?: unknown } } | null;
}

/** zod issues serialised by tRPC, or null when the message is not such a list. */
function zodIssues(message: string): Array<{ message?: string; path?: unknown[] }> | null {
  if (!message.trim().startsWith("[")) return null;
  try {
    const issues = JSON.parse(message);
    return Array.isArray(issues) ? issues : null;
  } catch {
    return null;
  }
}

/** A sentence a person can act on, never a raw error object. */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  if (!error || typeof error !== "object") return fallback;
  const e = error as TrpcLikeError;
  const code = typeof e.data?.code === "string" ? e.data.code : null;
  if (typeof e.message === "string" && e.message.trim().startsWith("[")) {
    const issue = zodIssues(e.message)?.[0];
    return issue?.message ? inWords(issue.message, issue.path) : "Please check the form and try again.";
  }
  if (code === "INTERNAL_SERVER_ERROR" || code === "internal" || !code) {
    return e.message === "Failed to fetch"
      ? "We could not reach the server. Check your connection."
      : fallback;
  }
  if (typeof e.message === "string" && e.message.length > 0 && e.message.length < 300)
    return inWords(e.message);
  return fallback;
}

/** The form field a server error is about (`phone`, `serialNo`), to show it under that field. */
export function errorField(error: unknown): string | null {
  const e = error as TrpcLikeError | null;
  const field = e?.data?.details?.field;
  if (typeof field === "string") return field;
  if (typeof e?.message === "string") {
    if (/^serialNo /.test(e.message)) return "serialNo";
    const path = zodIssues(e.message)?.[0]?.path;
    const last = path?.[path.length - 1];
    if (typeof last === "string") return last;
  }
  return null;
}

/** When a rate-limited request may be made again, if the server said. */
export function retryAt(error: unknown): Date | null {
  const at = (error as TrpcLikeError | null)?.data?.details?.retryAt;
  const d = typeof at === "string" ? new Date(at) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

export function isUnauthorized(error: unknown): boolean {
  return (error as { data?: { code?: unknown } } | null)?.data?.code === "UNAUTHORIZED";
}
