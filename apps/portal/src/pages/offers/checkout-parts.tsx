import { validateContact } from "../../app/checkout-form";
import { ErrorNotice, Field } from "../../app/ui";
import type { Checkout } from "./use-checkout";

/** The one contact a plan or package buyer leaves, and later signs in with: email or mobile. */
export function ContactFields({ id, checkout }: { id: string; checkout: Checkout }) {
  const { contact, setContact, errors } = checkout;
  return (
    <Field
      id={`${id}-contact`}
      label="Email or mobile number"
      hint="You sign in with it later to see your licenses."
      error={errors.contact}
    >
      <input
        id={`${id}-contact`}
        autoComplete="email"
        value={contact.address}
        onChange={(e) => {
          setContact({ address: e.target.value });
          checkout.recheck("contact", validateContact(e.target.value).contact);
        }}
        aria-invalid={errors.contact ? true : undefined}
        aria-describedby={`${id}-contact-hint${errors.contact ? ` ${id}-contact-error` : ""}`}
      />
    </Field>
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
