import { BillingCycle, formatMoney, yearlySaving, yearlySavingText } from "@keyway/schema";
import { type FormEvent, useId, useState } from "react";
import { contactCustomer, validateContact } from "../../app/checkout-form";
import { cycleLabel, perCycle } from "../../app/format";
import { CheckoutSubmit, ContactFields } from "./checkout-parts";
import { type StorePlan, useCheckout } from "./use-checkout";

/** The prices a plan is sold at on the storefront: the cycles a subscription can be bought for. */
function cyclePrices(plan: StorePlan) {
  return plan.prices.flatMap((p) => {
    const cycle = BillingCycle.safeParse(p.billingCycle);
    return cycle.success ? [{ ...p, billingCycle: cycle.data }] : [];
  });
}

/** A software plan: pick a billing cycle, leave a contact, subscribe. */
export function PlanOffer({ vendorSlug, plan }: { vendorSlug: string; plan: StorePlan }) {
  const id = useId();
  const checkout = useCheckout(vendorSlug);
  const cycles = cyclePrices(plan);
  const saving = yearlySaving(cycles);
  const [cycle, setCycle] = useState<BillingCycle>(cycles[0]?.billingCycle ?? "monthly");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    checkout.buy(
      { kind: "subscription", planNumber: plan.number, billingCycle: cycle },
      validateContact(checkout.contact.address),
      contactCustomer(checkout.contact.address),
    );
  };
  return (
    <form
      ref={checkout.formRef}
      onSubmit={submit}
      noValidate
      className="stack"
      aria-labelledby={`${id}-plan`}
    >
      <h4 id={`${id}-plan`} style={{ margin: "16px 0 0" }}>
        {plan.name}
      </h4>
      {plan.description ? <p className="muted small">{plan.description}</p> : null}
      {cycles.length === 0 ? (
        <p className="muted">No prices yet.</p>
      ) : (
        <>
          <fieldset>
            <legend className="sr-only">Billing cycle</legend>
            <div className="prices">
              {cycles.map((p) => (
                <label key={p.billingCycle} className="choice">
                  <input
                    type="radio"
                    name={`${id}-cycle`}
                    value={p.billingCycle}
                    checked={cycle === p.billingCycle}
                    onChange={() => setCycle(p.billingCycle)}
                  />
                  <span>
                    <strong>{cycleLabel(p.billingCycle)}</strong>
                    <br />
                    <span className="price">{formatMoney(p.amount, p.currency)}</span>{" "}
                    <span className="muted small">{perCycle(p.billingCycle)}</span>
                    {p.billingCycle === "yearly" && saving ? (
                      <>
                        <br />
                        <strong className="small" data-testid="yearly-saving">
                          {yearlySavingText(saving)}
                        </strong>
                      </>
                    ) : null}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <ContactFields id={id} checkout={checkout} />
          <CheckoutSubmit checkout={checkout} label={`Subscribe to ${plan.name}`} />
        </>
      )}
    </form>
  );
}
