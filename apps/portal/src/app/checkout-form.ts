import { BuyerPhone, CheckoutCustomer, formatMoney, SerialNo, TYPED_MOBILE } from "@keyway/schema";

/** Client-side checks with the server's own zod schemas; answers field → message in words. */
export type FieldErrors = Partial<Record<"serialNo" | "phone" | "contact" | "quantity", string>>;

function first(result: { success: boolean; error?: { issues: Array<{ message: string }> } }) {
  return result.success ? undefined : result.error?.issues[0]?.message;
}

export function validateAddonForm(values: { serialNo: string; phone: string }): FieldErrors {
  const errors: FieldErrors = {};
  const serial = first(SerialNo.safeParse(values.serialNo));
  if (serial) errors.serialNo = "Enter the serial number of your device or installation.";
  // The add-on's phone is Biznoq's `buyerPhone`: exactly 10 digits.
  const phone = first(BuyerPhone.safeParse(values.phone));
  if (phone) errors.phone = "Enter a 10-digit mobile number.";
  return errors;
}

/** The one contact a plan or package buyer leaves: an email address or a mobile number. */
export function contactCustomer(contact: string): { email?: string; phone?: string } {
  const v = contact.trim();
  if (!v) return {};
  return v.includes("@") ? { email: v } : { phone: v };
}

export function validateContact(contact: string): FieldErrors {
  const v = contact.trim();
  if (!v) return { contact: "Enter an email or a mobile number so you can sign in later." };
  if (!v.includes("@") && !TYPED_MOBILE.test(v))
    return { contact: "Enter an email address, or a 10-digit mobile number such as 94604 39200." };
  const parsed = CheckoutCustomer.safeParse(contactCustomer(v));
  return parsed.success ? {} : { contact: first(parsed) ?? "Enter a valid email address." };
}

/** The most licenses one package order may hold (the checkout contract's limit). */
export const MAX_PACKAGE_QUANTITY = 100;

/** The number of licenses as typed → a whole number from 1 to 100, or why not, in words. */
export function parseQuantity(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const v = text.trim();
  if (!v) return { ok: false, error: `Enter how many licenses you want, from 1 to ${MAX_PACKAGE_QUANTITY}.` };
  const n = Number(v);
  if (!Number.isFinite(n) || !/^-?\d+(\.\d+)?$/.test(v))
    return { ok: false, error: "Enter the number of licenses in digits, like 3." };
  if (!Number.isInteger(n)) return { ok: false, error: "Licenses come whole: enter a whole number, like 3." };
  if (n < 1) return { ok: false, error: "Buy at least 1 license." };
  if (n > MAX_PACKAGE_QUANTITY)
    return { ok: false, error: `You can buy up to ${MAX_PACKAGE_QUANTITY} licenses in one order.` };
  return { ok: true, value: n };
}

/**
 * "3 × $9.99 = $29.97" (a month), "3 × $9.99 × 6 months = $179.82"; null while the number typed
 * is not one that can be bought. `amount` is the monthly price of one license.
 */
export function packageTotal(quantity: string, amount: number, currency: string, months = 1): string | null {
  const q = parseQuantity(quantity);
  if (!q.ok) return null;
  const period = months === 1 ? "" : ` × ${months} months`;
  return `${q.value} × ${formatMoney(amount, currency)}${period} = ${formatMoney(amount * q.value * months, currency)}`;
}
