import { z } from "zod";
import { VendorSlugText } from "./vendors";

/** Contracts of customer sign-in (one-time codes) and the customer's own account pages. */

/** An email address or a 10-digit mobile number. */
export const SignInDestination = z
  .string()
  .trim()
  .min(1, { error: "Enter your email or mobile number." })
  .max(254)
  .refine((v) => /^\d{10}$/.test(v.replace(/[\s-]/g, "")) || z.email().safeParse(v).success, {
    error: "Enter a valid email address or a 10-digit mobile number.",
  });

export const LoginCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, { error: "Enter the 6-digit code." });

export const RequestLoginCodeInput = z.object({
  vendorSlug: VendorSlugText,
  destination: SignInDestination,
});
export type RequestLoginCodeInput = z.infer<typeof RequestLoginCodeInput>;

export const VerifyLoginCodeInput = RequestLoginCodeInput.extend({ code: LoginCode });
export type VerifyLoginCodeInput = z.infer<typeof VerifyLoginCodeInput>;

/** Emails are compared lower-cased; phones by their digits. */
export function normaliseDestination(destination: string): string {
  const v = destination.trim();
  return v.includes("@") ? v.toLowerCase() : v.replace(/\D/g, "");
}
