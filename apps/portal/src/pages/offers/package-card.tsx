import { formatMoney } from "@keyway/schema";
import { type FormEvent, useId, useState } from "react";
import { validateContact } from "../../app/checkout-form";
import { Field } from "../../app/ui";
import { CheckoutSubmit, ContactFields } from "./checkout-parts";
import { type StoreProduct, useCheckout } from "./use-checkout";

function isoDay(d: Date) {
  return d.toISOString().slice(0, 10);
}

/** A license package: a number of licenses for a month from today, at its plan's monthly price each. */
export function PackageCard({ vendorSlug, product }: { vendorSlug: string; product: StoreProduct }) {
  const id = useId();
  const checkout = useCheckout(vendorSlug);
  const option = product.plans.flatMap((plan) =>
    plan.prices.filter((p) => p.billingCycle === "monthly").map((price) => ({ plan, price })),
  )[0];
  const [quantity, setQuantity] = useState(1);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!option) return;
    const start = new Date();
    const end = new Date(start);
    end.setMonth(end.getMonth() + 1);
    checkout.buy(
      {
        kind: "package",
        packageId: product.id,
        subscriptionTypeId: option.plan.id,
        startDate: isoDay(start),
        endDate: isoDay(end),
        quantity,
      },
      validateContact(checkout.contact),
    );
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>{product.name}</h3>
      {product.description ? <p className="muted">{product.description}</p> : null}
      {option ? (
        <>
          <p className="price">
            {formatMoney(option.price.amount, option.price.currency)} <small>per license / month</small>
          </p>
          <Field id={`${id}-qty`} label="Number of licenses">
            <input
              id={`${id}-qty`}
              type="number"
              min={1}
              max={100}
              value={quantity}
              onChange={(e) => setQuantity(Math.min(100, Math.max(1, Number(e.target.value) || 1)))}
            />
          </Field>
          <ContactFields id={id} checkout={checkout} />
          <CheckoutSubmit checkout={checkout} label="Buy licenses" />
        </>
      ) : (
        <p className="muted">Not on sale right now.</p>
      )}
    </form>
  );
}
