import { formatMoney } from "@keyway/schema";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { cycleLabel, formatDate, formatDuration } from "../app/format";
import { useTRPC } from "../app/trpc";
import { ErrorNotice, Field, Loading, StatusBadge, useTitle } from "../app/ui";

/** `/renew?key=…`: the renewal link vendors send (seed 002 `payment_page_url`); no sign-in needed. */
export default function Renew() {
  useTitle("Renew your license");
  const [params] = useSearchParams();
  const key = params.get("key")?.trim() ?? "";
  if (!key) return <KeyForm />;
  return <RenewKey licenseKey={key} />;
}

function KeyForm() {
  const navigate = useNavigate();
  const [value, setValue] = useState("");
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) navigate(`/renew?key=${encodeURIComponent(value.trim())}`);
      }}
    >
      <h1>Renew a license</h1>
      <Field id="renew-key" label="License key">
        <input id="renew-key" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" />
      </Field>
      <button type="submit" className="btn">
        Find my license
      </button>
    </form>
  );
}

function RenewKey({ licenseKey }: { licenseKey: string }) {
  const trpc = useTRPC();
  const options = useQuery(trpc.checkout.getRenewalOptions.queryOptions({ licenseKey }));
  const [cycle, setCycle] = useState<string | null>(null);
  const pay = useMutation(
    trpc.checkout.createOrder.mutationOptions({
      onSuccess: (order) => window.location.assign(order.paymentUrl || `/orders/${order.token}`),
    }),
  );
  if (options.isPending) return <Loading label="Looking up your license…" />;
  if (options.isError)
    return (
      <>
        <h1>Renew a license</h1>
        <ErrorNotice error={options.error} fallback="We could not find that license key." />
      </>
    );
  const r = options.data;
  const chosen = r.options.find((o) => o.billingCycle === cycle) ?? r.options[0];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    const billingCycle =
      chosen.billingCycle === "monthly" || chosen.billingCycle === "yearly" ? chosen.billingCycle : undefined;
    pay.mutate({
      vendorSlug: r.vendorSlug,
      item: { kind: "renewal", licenseKey: r.licenseKey, ...(billingCycle ? { billingCycle } : {}) },
      customer: {},
    });
  };
  return (
    <div className="stack">
      <h1>Renew your license</h1>
      <div className="card">
        <dl className="facts">
          <dt>Product</dt>
          <dd>{r.productName}</dd>
          <dt>Sold by</dt>
          <dd>{r.vendorName}</dd>
          <dt>License key</dt>
          <dd>
            <code>{r.licenseKey}</code>
          </dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={r.status} />
          </dd>
          <dt>{r.status === "expired" ? "Expired on" : "Expires on"}</dt>
          <dd>{formatDate(r.expiresAt)}</dd>
        </dl>
      </div>
      {r.options.length === 0 ? (
        <div className="notice info">
          This license cannot be renewed online. Please contact {r.vendorName}.
        </div>
      ) : (
        <form className="card" onSubmit={submit}>
          <fieldset>
            <legend>Choose a renewal</legend>
            <div className="prices">
              {r.options.map((o) => (
                <label key={o.billingCycle} className="choice">
                  <input
                    type="radio"
                    name="renewal-cycle"
                    value={o.billingCycle}
                    checked={chosen?.billingCycle === o.billingCycle}
                    onChange={() => setCycle(o.billingCycle)}
                  />
                  <span>
                    <strong>{cycleLabel(o.billingCycle)}</strong> ·{" "}
                    {formatDuration(o.durationValue, o.durationUnit)}
                    <br />
                    <span className="price">{formatMoney(o.amount, o.currency)}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          {pay.error ? <ErrorNotice error={pay.error} /> : null}
          <button type="submit" className="btn" disabled={pay.isPending || pay.isSuccess}>
            {pay.isPending || pay.isSuccess
              ? "Opening payment…"
              : `Pay ${chosen ? formatMoney(chosen.amount, chosen.currency) : ""} and renew`}
          </button>
        </form>
      )}
    </div>
  );
}
