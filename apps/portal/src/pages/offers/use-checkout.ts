import type { AppRouter } from "@keyway/api";
import { useMutation } from "@tanstack/react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { useEffect, useRef, useState } from "react";
import type { FieldErrors } from "../../app/checkout-form";
import { errorField, errorMessage } from "../../app/errors";
import { useTRPC } from "../../app/trpc";

/** What the storefront shows, as the server answers it (no copies of server types here). */
export type StoreProduct = inferRouterOutputs<AppRouter>["storefront"]["get"]["products"][number];
export type StorePlan = StoreProduct["plans"][number];
export type CheckoutItem = inferRouterInputs<AppRouter>["checkout"]["createOrder"]["item"];
export type CheckoutCustomer = inferRouterInputs<AppRouter>["checkout"]["createOrder"]["customer"];

export interface Contact {
  /** Plans and packages: the buyer's email or mobile number, as typed. */
  address: string;
  /** Add-ons: the buyer's mobile number (Biznoq's `buyerPhone`). */
  phone: string;
}

/** The card's field a server refusal is about: its contact field takes the phone and the email. */
function formFieldOf(field: string | null, contactField: keyof FieldErrors): keyof FieldErrors | null {
  if (field === "phone" || field === "email" || field === "buyerPhone") return contactField;
  if (field === "serialNo" || field === "quantity") return field;
  return null;
}

/**
 * Every offer card's checkout: the buyer's contact, the form's errors (focus goes to the first),
 * and `buy`, which opens the order when the form is clean and hands the buyer to the payment page.
 * A refusal the server words about one field (a bad serial, an impossible phone) shows under it.
 */
export function useCheckout(vendorSlug: string, contactField: keyof FieldErrors = "contact") {
  const trpc = useTRPC();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const order = useMutation(
    trpc.checkout.createOrder.mutationOptions({
      onSuccess: (o) => {
        window.location.assign(o.paymentUrl || `/orders/${o.token}`);
      },
      onError: (error) => {
        const field = formFieldOf(errorField(error), contactField);
        if (field) {
          setErrors({ [field]: errorMessage(error) });
          setAttempt((n) => n + 1);
        }
      },
    }),
  );
  const [contact, setContact] = useState<Contact>({ address: "", phone: "" });
  // After each refused attempt, the first field in error takes the focus (once per attempt).
  useEffect(() => {
    if (attempt === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);
  const buy = (item: CheckoutItem, found: FieldErrors, customer: CheckoutCustomer) => {
    setErrors(found);
    order.reset();
    if (Object.keys(found).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    order.mutate({ vendorSlug, item, customer });
  };
  const fieldError = formFieldOf(errorField(order.error), contactField);
  return {
    formRef,
    contact,
    setContact: (change: Partial<Contact>) => setContact((c) => ({ ...c, ...change })),
    errors,
    /** Re-checks a field already in error as the buyer corrects it (its message goes once it is right). */
    recheck: (field: keyof FieldErrors, message: string | undefined) =>
      setErrors((e) => (e[field] === undefined || e[field] === message ? e : { ...e, [field]: message })),
    buy,
    /** An error no field owns (a field's own shows under it). */
    error: fieldError ? null : order.error,
    /** From the click until the payment page has loaded. */
    busy: order.isPending || order.isSuccess,
  };
}

export type Checkout = ReturnType<typeof useCheckout>;
