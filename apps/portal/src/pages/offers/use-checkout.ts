import type { AppRouter } from "@keyway/api";
import { useMutation } from "@tanstack/react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import type { FieldErrors } from "../../app/checkout-form";
import { useTRPC } from "../../app/trpc";

/** What the storefront shows, as the server answers it (no copies of server types here). */
export type StoreProduct = inferRouterOutputs<AppRouter>["storefront"]["get"]["products"][number];
export type StorePlan = StoreProduct["plans"][number];
export type CheckoutItem = inferRouterInputs<AppRouter>["checkout"]["createOrder"]["item"];

export interface Contact {
  email: string;
  phone: string;
}

/**
 * Every offer card's checkout: the buyer's contact, the form's errors, and `buy`, which opens
 * the order when the form is clean and hands the buyer to the gateway's payment page.
 */
export function useCheckout(vendorSlug: string) {
  const trpc = useTRPC();
  const order = useMutation(
    trpc.checkout.createOrder.mutationOptions({
      onSuccess: (o) => {
        window.location.assign(o.paymentUrl || `/orders/${o.token}`);
      },
    }),
  );
  const [contact, setContact] = useState<Contact>({ email: "", phone: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const buy = (item: CheckoutItem, found: FieldErrors) => {
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const email = contact.email.trim();
    const phone = contact.phone.trim();
    order.mutate({
      vendorSlug,
      item,
      customer: { ...(email ? { email } : {}), ...(phone ? { phone } : {}) },
    });
  };
  return {
    contact,
    setContact: (change: Partial<Contact>) => setContact((c) => ({ ...c, ...change })),
    errors,
    buy,
    error: order.error,
    /** From the click until the payment page has loaded. */
    busy: order.isPending || order.isSuccess,
  };
}

export type Checkout = ReturnType<typeof useCheckout>;
