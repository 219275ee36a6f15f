import { formatMoney } from "@keyway/schema";
import { type FormEvent, useId, useState } from "react";
import { contactCustomer, packageTotal, parseQuantity, validateContact } from "../../app/checkout-form";
import { formatDate } from "../../app/format";
import { Field } from "../../app/ui";
import { CheckoutSubmit, ContactFields } from "./checkout-parts";
import { ProductPicture } from "./product-picture";
import { type StoreProduct, useCheckout } from "./use-checkout";

/** The periods a buyer picks on the card: core charges the monthly price per started month. */
const PERIOD_MONTHS = [1, 3, 6, 12] as const;

/** `months` after `start`, on the same day of the month or the month's last day (31 Jan + 1 → 28 Feb). */
function monthsAfter(start: Date, months: number): Date {
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(start.getUTCDate(), last)));
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const monthCount = (n: number) => `${n} month${n === 1 ? "" : "s"}`;

/** A license package: a number of licenses for a period the buyer picks, at the plan's monthly price each. */
export function PackageCard({ vendorSlug, product }: { vendorSlug: string; product: StoreProduct }) {
  const id = useId();
  const checkout = useCheckout(vendorSlug);
  const option = product.plans.flatMap((plan) =>
    plan.prices.filter((p) => p.billingCycle === "monthly").map((price) => ({ plan, price })),
  )[0];
  const [quantity, setQuantity] = useState("1");
  const [months, setMonths] = useState<number>(1);
  const start = new Date(`${isoDay(new Date())}T00:00:00Z`);
  const end = monthsAfter(start, months);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!option) return;
    const q = parseQuantity(quantity);
    const errors = { ...(q.ok ? {} : { quantity: q.error }), ...validateContact(checkout.contact.address) };
    checkout.buy(
      {
        kind: "package",
        packageId: product.id,
        subscriptionTypeId: option.plan.id,
        startDate: isoDay(start),
        endDate: isoDay(end),
        quantity: q.ok ? q.value : 1,
      },
      errors,
      contactCustomer(checkout.contact.address),
    );
  };
  const total = option ? packageTotal(quantity, option.price.amount, option.price.currency, months) : null;
  const qtyError = checkout.errors.quantity;
  return (
    <form ref={checkout.formRef} className="card" onSubmit={submit} noValidate aria-labelledby={`${id}-name`}>
      <ProductPicture name={product.name} imageUrl={product.imageUrl} />
      <h3 id={`${id}-name`}>{product.name}</h3>
      {product.description ? <p className="muted">{product.description}</p> : null}
      {option ? (
        <>
          <p className="price">
            {formatMoney(option.price.amount, option.price.currency)} <small>per license, per month</small>
          </p>
          <Field id={`${id}-qty`} label="Number of licenses" hint="From 1 to 100." error={qtyError}>
            <input
              id={`${id}-qty`}
              inputMode="numeric"
              autoComplete="off"
              value={quantity}
              onChange={(e) => {
                setQuantity(e.target.value);
                const q = parseQuantity(e.target.value);
                checkout.recheck("quantity", q.ok ? undefined : q.error);
              }}
              aria-invalid={qtyError ? true : undefined}
              aria-describedby={`${id}-qty-hint${qtyError ? ` ${id}-qty-error` : ""}`}
            />
          </Field>
          <Field
            id={`${id}-period`}
            label="Valid for"
            hint={`From today until ${formatDate(end.toISOString())}.`}
          >
            <select
              id={`${id}-period`}
              value={months}
              onChange={(e) => setMonths(Number(e.target.value))}
              aria-describedby={`${id}-period-hint`}
            >
              {PERIOD_MONTHS.map((n) => (
                <option key={n} value={n}>
                  {monthCount(n)}
                </option>
              ))}
            </select>
          </Field>
          <p className="total" aria-live="polite" data-testid="package-total">
            {total ? `Total: ${total}` : "Total: enter a number of licenses from 1 to 100."}
          </p>
          <ContactFields id={id} checkout={checkout} />
          <CheckoutSubmit checkout={checkout} label="Buy licenses" />
        </>
      ) : (
        <p className="muted">Not on sale right now.</p>
      )}
    </form>
  );
}
