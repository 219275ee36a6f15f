import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useParams } from "react-router";
import { type FieldErrors, validateAddonForm, validateContact } from "../app/checkout-form";
import { cycleLabel, formatDuration, formatMoney, perCycle } from "../app/format";
import { useTRPC } from "../app/trpc";
import { Empty, ErrorNotice, Field, Loading, useTitle } from "../app/ui";

/** Opens the order and hands the buyer to the gateway's payment page. */
function useCheckout() {
  const trpc = useTRPC();
  return useMutation(
    trpc.checkout.createOrder.mutationOptions({
      onSuccess: (order) => {
        window.location.assign(order.paymentUrl || `/orders/${order.token}`);
      },
    }),
  );
}

export default function Storefront() {
  const { vendorSlug = "" } = useParams();
  const trpc = useTRPC();
  const store = useQuery(trpc.storefront.get.queryOptions({ vendorSlug }));
  useTitle(store.data?.vendor.name ?? "Store");
  if (store.isPending) return <Loading label="Loading the catalog…" />;
  if (store.isError) return <ErrorNotice error={store.error} retry={() => void store.refetch()} />;
  const { vendor, products } = store.data;
  const software = products.filter((p) => p.kind === "software");
  const addons = products.filter((p) => p.kind === "addon");
  const packages = products.filter((p) => p.kind === "package");
  return (
    <>
      <h1>{vendor.name}</h1>
      <p className="lead">
        Software, add-ons and license plans. Pay securely; your key appears right after payment.
      </p>
      {products.length === 0 ? (
        <Empty title="Nothing for sale yet">
          <p className="muted">This vendor has not published any products.</p>
        </Empty>
      ) : null}
      {addons.length > 0 ? (
        <section aria-labelledby="addons">
          <h2 id="addons" className="section-title">
            Add-ons
          </h2>
          <div className="grid">
            {addons.map((p) => (
              <AddonCard key={p.number} vendorSlug={vendor.slug} product={p} />
            ))}
          </div>
        </section>
      ) : null}
      {software.length > 0 ? (
        <section aria-labelledby="software">
          <h2 id="software" className="section-title">
            Software and plans
          </h2>
          {software.map((p) => (
            <div className="card" key={p.number}>
              <div className="spread">
                <h3>{p.name}</h3>
                {p.version ? <span className="muted small">Version {p.version}</span> : null}
              </div>
              {p.description ? <p className="muted">{p.description}</p> : null}
              {p.plans.length === 0 ? <p className="muted">No plans on sale right now.</p> : null}
              {p.plans.map((plan) => (
                <PlanOffer key={plan.number} vendorSlug={vendor.slug} plan={plan} />
              ))}
            </div>
          ))}
        </section>
      ) : null}
      {packages.length > 0 ? (
        <section aria-labelledby="packages">
          <h2 id="packages" className="section-title">
            License packages
          </h2>
          <div className="grid">
            {packages.map((p) => (
              <PackageCard key={p.number} vendorSlug={vendor.slug} product={p} />
            ))}
          </div>
        </section>
      ) : null}
    </>
  );
}

interface Price {
  billingCycle: string;
  amount: number;
  currency: string;
  durationValue: number;
  durationUnit: string;
}
interface PlanLike {
  id: string;
  number: number;
  name: string;
  description: string | null;
  prices: Price[];
}
interface ProductLike {
  id: string;
  number: number;
  name: string;
  description: string | null;
  price: number | null;
  currency: string | null;
  durationValue: number | null;
  durationUnit: string | null;
  maxSeats: number;
  plans: PlanLike[];
}

function AddonCard({ vendorSlug, product }: { vendorSlug: string; product: ProductLike }) {
  const id = useId();
  const checkout = useCheckout();
  const [serialNo, setSerialNo] = useState("");
  const [phone, setPhone] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateAddonForm({ serialNo, phone });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    checkout.mutate({
      vendorSlug,
      item: { kind: "addon", productNumber: product.number, serialNo: serialNo.trim() },
      customer: { phone: phone.trim() },
    });
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>{product.name}</h3>
      {product.description ? <p className="muted">{product.description}</p> : null}
      {product.price !== null && product.currency ? (
        <p className="price">
          {formatMoney(product.price, product.currency)}{" "}
          <small>for {formatDuration(product.durationValue, product.durationUnit)}</small>
        </p>
      ) : null}
      <Field
        id={`${id}-serial`}
        label="Serial number"
        hint="Printed on your device, e.g. B-12345678."
        error={errors.serialNo}
      >
        <input
          id={`${id}-serial`}
          name="serialNo"
          value={serialNo}
          onChange={(e) => setSerialNo(e.target.value)}
          aria-invalid={errors.serialNo ? true : undefined}
          aria-describedby={`${id}-serial-hint${errors.serialNo ? ` ${id}-serial-error` : ""}`}
          autoComplete="off"
        />
      </Field>
      <Field
        id={`${id}-phone`}
        label="Mobile number"
        hint="10 digits. You sign in with it later."
        error={errors.phone}
      >
        <input
          id={`${id}-phone`}
          name="phone"
          inputMode="numeric"
          autoComplete="tel-national"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          aria-invalid={errors.phone ? true : undefined}
          aria-describedby={`${id}-phone-hint${errors.phone ? ` ${id}-phone-error` : ""}`}
        />
      </Field>
      {checkout.error ? <ErrorNotice error={checkout.error} /> : null}
      <button type="submit" className="btn" disabled={checkout.isPending || checkout.isSuccess}>
        {checkout.isPending || checkout.isSuccess ? "Opening payment…" : `Buy ${product.name}`}
      </button>
    </form>
  );
}

function ContactFields({
  id,
  phone,
  email,
  setPhone,
  setEmail,
  errors,
}: {
  id: string;
  phone: string;
  email: string;
  setPhone: (v: string) => void;
  setEmail: (v: string) => void;
  errors: FieldErrors;
}) {
  return (
    <div className="prices">
      <Field id={`${id}-email`} label="Email" error={errors.email}>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={errors.email ? true : undefined}
        />
      </Field>
      <Field id={`${id}-phone`} label="Mobile number (optional)" error={errors.phone}>
        <input
          id={`${id}-phone`}
          inputMode="numeric"
          autoComplete="tel-national"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          aria-invalid={errors.phone ? true : undefined}
        />
      </Field>
    </div>
  );
}

function PlanOffer({ vendorSlug, plan }: { vendorSlug: string; plan: PlanLike }) {
  const id = useId();
  const checkout = useCheckout();
  const cycles = plan.prices.filter((p) => p.billingCycle === "monthly" || p.billingCycle === "yearly");
  const [cycle, setCycle] = useState(cycles[0]?.billingCycle ?? "monthly");
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateContact({ phone, email });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    checkout.mutate({
      vendorSlug,
      item: {
        kind: "subscription",
        planNumber: plan.number,
        billingCycle: cycle === "yearly" ? "yearly" : "monthly",
      },
      customer: {
        ...(email.trim() ? { email: email.trim() } : {}),
        ...(phone.trim() ? { phone: phone.trim() } : {}),
      },
    });
  };
  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby={`${id}-plan`}>
      <h4 id={`${id}-plan`} style={{ margin: "16px 0 0" }}>
        {plan.name}
      </h4>
      {plan.description ? <p className="muted small">{plan.description}</p> : null}
      {cycles.length === 0 ? (
        <p className="muted">No prices yet.</p>
      ) : (
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
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {cycles.length > 0 ? (
        <>
          <ContactFields
            id={id}
            phone={phone}
            email={email}
            setPhone={setPhone}
            setEmail={setEmail}
            errors={errors}
          />
          {checkout.error ? <ErrorNotice error={checkout.error} /> : null}
          <button type="submit" className="btn" disabled={checkout.isPending || checkout.isSuccess}>
            {checkout.isPending || checkout.isSuccess ? "Opening payment…" : `Subscribe to ${plan.name}`}
          </button>
        </>
      ) : null}
    </form>
  );
}

function isoDay(d: Date) {
  return d.toISOString().slice(0, 10);
}

function PackageCard({ vendorSlug, product }: { vendorSlug: string; product: ProductLike }) {
  const id = useId();
  const checkout = useCheckout();
  const options = product.plans.flatMap((plan) =>
    plan.prices.filter((p) => p.billingCycle === "monthly").map((p) => ({ plan, price: p })),
  );
  const [quantity, setQuantity] = useState(1);
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const option = options[0];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!option) return;
    const found = validateContact({ phone, email });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const start = new Date();
    const end = new Date(start);
    end.setMonth(end.getMonth() + 1);
    checkout.mutate({
      vendorSlug,
      item: {
        kind: "package",
        packageId: product.id,
        subscriptionTypeId: option.plan.id,
        startDate: isoDay(start),
        endDate: isoDay(end),
        quantity,
      },
      customer: {
        ...(email.trim() ? { email: email.trim() } : {}),
        ...(phone.trim() ? { phone: phone.trim() } : {}),
      },
    });
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
          <ContactFields
            id={id}
            phone={phone}
            email={email}
            setPhone={setPhone}
            setEmail={setEmail}
            errors={errors}
          />
          {checkout.error ? <ErrorNotice error={checkout.error} /> : null}
          <button type="submit" className="btn" disabled={checkout.isPending || checkout.isSuccess}>
            {checkout.isPending || checkout.isSuccess ? "Opening payment…" : "Buy licenses"}
          </button>
        </>
      ) : (
        <p className="muted">Not on sale right now.</p>
      )}
    </form>
  );
}
