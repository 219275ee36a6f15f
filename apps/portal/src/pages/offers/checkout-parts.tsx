import { ErrorNotice, Field } from "../../app/ui";
import type { Checkout } from "./use-checkout";

/** Email and optional mobile number: how a plan or package buyer signs in later. */
export function ContactFields({ id, checkout }: { id: string; checkout: Checkout }) {
  const { contact, setContact, errors } = checkout;
  return (
    <div className="prices">
      <Field id={`${id}-email`} label="Email" error={errors.email}>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="email"
          value={contact.email}
          onChange={(e) => setContact({ email: e.target.value })}
          aria-invalid={errors.email ? true : undefined}
        />
      </Field>
      <Field id={`${id}-phone`} label="Mobile number (optional)" error={errors.phone}>
        <input
          id={`${id}-phone`}
          inputMode="numeric"
          autoComplete="tel-national"
          value={contact.phone}
          onChange={(e) => setContact({ phone: e.target.value })}
          aria-invalid={errors.phone ? true : undefined}
        />
      </Field>
    </div>
  );
}

/** The order's error, if any, and the button that opens the payment page. */
export function CheckoutSubmit({ checkout, label }: { checkout: Checkout; label: string }) {
  return (
    <>
      {checkout.error ? <ErrorNotice error={checkout.error} /> : null}
      <button type="submit" className="btn" disabled={checkout.busy}>
        {checkout.busy ? "Opening payment…" : label}
      </button>
    </>
  );
}
