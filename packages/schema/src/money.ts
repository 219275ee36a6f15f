/**
 * Money is an integer count of a currency's minor units (paise, cents; yen have none, dinars
 * have three) plus its ISO 4217 code. This is the one place that turns minor units into text
 * and text back into minor units, for the portal, the console, the pay page and the gateways.
 * The number of minor-unit digits (the currency's exponent) is the one Intl knows for it.
 */

const exponents = new Map<string, number>();

/** Digits after the decimal point in `currency` (JPY 0, INR 2, KWD 3); 2 for an unknown or malformed code. */
export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  let digits = exponents.get(code);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    exponents.set(code, digits);
  }
  return digits;
}

/** Minor units as a plain decimal, the form gateways and Biznoq's webhook use: 299900 INR → "2999.00", 1500 JPY → "1500". */
export function formatDecimalAmount(minor: number, currency: string): string {
  const digits = currencyExponent(currency);
  const sign = minor < 0 ? "-" : "";
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, "0");
  if (digits === 0) return `${sign}${text}`;
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Minor units as a person types them in a form (no trailing zeros): 299900 INR → "2999", 4999 → "49.99". */
export function inputFromMinor(minor: number, currency: string): string {
  const text = formatDecimalAmount(minor, currency);
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/**
 * A decimal amount in `currency` (typed by a person, or sent by a gateway) → minor units; null
 * when it is not a non-negative amount with at most the currency's digits: "49.99" INR → 4999,
 * "1,500" JPY → 1500, "1500.00" JPY → 1500, "15.5" JPY → null.
 */
export function minorFromDecimal(value: unknown, currency: string): number | null {
  const text =
    typeof value === "number" ? String(value) : typeof value === "string" ? value.replace(/[\s,]/g, "") : "";
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text) ?? /^()\.(\d+)$/.exec(text);
  if (!match) return null;
  const digits = currencyExponent(currency);
  const whole = match[1] ?? "";
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > digits) return null;
  const minor = Number(`${whole || "0"}${fraction.padEnd(digits, "0")}`);
  return Number.isSafeInteger(minor) ? minor : null;
}

/**
 * Minor units for people, in the currency's own digits: 299900 INR → "₹2,999.00",
 * 1500 JPY → "¥1,500"; "—" when there is no amount. `locale` defaults to the reader's.
 */
export function formatMoney(
  minor: number | null | undefined,
  currency: string | null | undefined,
  locale?: string,
): string {
  if (minor === null || minor === undefined || !currency) return "—";
  const code = currency.toUpperCase();
  const digits = currencyExponent(code);
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency: code,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(minor / 10 ** digits);
  } catch {
    return `${formatDecimalAmount(minor, code)} ${code}`;
  }
}

/** Minor units as a plain number of major units, for charts: 299950 INR → 2999.5. */
export function majorUnits(minor: number, currency: string): number {
  return minor / 10 ** currencyExponent(currency);
}
