import { BuyerPhone, CheckoutCustomer, SerialNo } from "@keyway/schema";

/** Client-side checks with the server's own zod schemas; answers field → message. */
export type FieldErrors = Partial<Record<"serialNo" | "phone" | "email", string>>;

function first(result: { success: boolean; error?: { issues: Array<{ message: string }> } }) {
  return result.success ? undefined : result.error?.issues[0]?.message;
}

export function validateAddonForm(values: { serialNo: string; phone: string }): FieldErrors {
  const errors: FieldErrors = {};
  const serial = first(SerialNo.safeParse(values.serialNo));
  if (serial) errors.serialNo = "Enter the serial number of your device or installation.";
  const phone = first(BuyerPhone.safeParse(values.phone));
  if (phone) errors.phone = "Enter a 10-digit mobile number.";
  return errors;
}

export function validateContact(values: { phone: string; email: string }): FieldErrors {
  const errors: FieldErrors = {};
  const parsed = CheckoutCustomer.safeParse({
    phone: values.phone.trim() || undefined,
    email: values.email.trim() || undefined,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (key === "phone" || key === "email") errors[key] ??= issue.message;
    }
  }
  if (!values.phone.trim() && !values.email.trim())
    errors.email = "Enter an email or a mobile number so you can sign in later.";
  return errors;
}
