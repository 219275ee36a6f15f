import { z } from "zod";
import { SubscriptionRepeat } from "./billing-cycles";
import { Order, RenewalRefusal, TYPED_MOBILE } from "./commerce";
import { License } from "./licensing";
import { VendorSlugText } from "./vendors";

/** Contracts of customer sign-in (one-time codes) and the customer's own account pages. */

/** An email address or a 10-digit mobile number. */
export const SignInDestination = z
  .string()
  .trim()
  .min(1, { error: "Enter your email or mobile number." })
  .max(254)
  .refine((v) => (!v.includes("@") && TYPED_MOBILE.test(v)) || z.email().safeParse(v).success, {
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

/** The same answer whether or not such a customer exists. */
export const LoginCodeSent = z.object({ sent: z.literal(true), expiresAt: z.iso.datetime({ offset: true }) });

/** Signed in: the session cookie is set; echo `csrfToken` in `x-csrf-token` on every mutation. */
export const CustomerSignedIn = z.object({ signedIn: z.literal(true), csrfToken: z.string() });

/** Who is signed in to the portal (`customer.me`), with the session's CSRF token. */
export const CustomerMe = z.object({
  email: z.string().nullable(),
  phone: z.string().nullable(),
  vendorSlug: z.string(),
  vendorName: z.string(),
  csrfToken: z.string(),
});
export type CustomerMe = z.infer<typeof CustomerMe>;

/** One of the customer's orders, with what was bought (the receipts page). */
export const CustomerOrder = Order.extend({
  itemName: z.string(),
  /** A subscription's order: how it repeats and its next charge; null when nothing repeats. */
  repeats: SubscriptionRepeat.nullable(),
});
export type CustomerOrder = z.infer<typeof CustomerOrder>;
export const CustomerOrderList = z.array(CustomerOrder);

/** One of the customer's licenses (the portal's "My licenses"), with where it stands in its term. */
export const CustomerLicense = License.extend({
  /**
   * A renewal order is taken for it (core's one renewability rule): not when it never expires,
   * a subscription renews it, or it is pending, suspended or revoked.
   */
  renewable: z.boolean(),
  /** Why not, in words, when it is not renewable. */
  renewalRefusal: RenewalRefusal.nullable(),
  /** Set while the license is past its expiry but within its grace period: when grace ends. */
  graceEndsAt: z.iso.datetime({ offset: true }).nullable(),
});
export type CustomerLicense = z.infer<typeof CustomerLicense>;
export const CustomerLicenseList = z.array(CustomerLicense);

/** Emails are compared lower-cased; phones by their digits. */
export function normaliseDestination(destination: string): string {
  const v = destination.trim();
  return v.includes("@") ? v.toLowerCase() : v.replace(/\D/g, "");
}
