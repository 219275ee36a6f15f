import { formatMoney, type RenewalOptions } from "@keyway/schema";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { errorMessage } from "../app/errors";
import { cycleLabel, formatDate, formatDuration } from "../app/format";
import { useTRPC } from "../app/trpc";
import { ErrorNotice, Field, Loading, StatusBadge, useTitle } from "../app/ui";

/**
 * `/renew?key=…`: the renewal link vendors send (seed 002 `payment_page_url`); no sign-in needed.
 * Without a key, or with one we do not know, it asks for the key; each option shows the expiry
 * it gives before paying, and a license core does not renew says why instead of offering it.
 */
export default function Renew() {
  useTitle("Renew your license");
  const [params] = useSearchParams();
  const key = params.get("key")?.trim() ?? "";
  if (!key) return <KeyForm />;
  return <RenewKey key={key} licenseKey={key} />;
}

/** What the lookup's failure says: an unknown key in words, anything else as the API words it. */
function lookupError(error: unknown, key: string): string {
  // The API's error data carries core's code (apps/api/src/trpc/init.ts).
  const code = (error as { data?: { code?: unknown } } | null)?.data?.code;
  if (code === "license_not_found" || code === "not_found")
    return `We could not find a license with the key ${key}. Check it against your purchase email and try again.`;
  return errorMessage(error, "We could not look up that license key. Please try again.");
}

function KeyForm({ initial = "", error }: { initial?: string; error?: string }) {
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  const [empty, setEmpty] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const shown = empty ? "Enter your license key." : error;
  useEffect(() => {
    if (error) input.current?.focus();
  }, [error]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const key = value.trim();
    setEmpty(!key);
    if (!key) {
      input.current?.focus();
      return;
    }
    navigate(`/renew?key=${encodeURIComponent(key)}`);
  };
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="renew-title">
      <h1 id="renew-title">Renew a license</h1>
      <p className="muted">
        Your license key is in your purchase email and under My licenses once you sign in.
      </p>
      <Field id="renew-key" label="Enter your license key" error={shown}>
        <input
          id="renew-key"
          ref={input}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          placeholder="e.g. GA-X3R9-K9L2-M4P1"
          aria-invalid={shown ? true : undefined}
          aria-describedby={shown ? "renew-key-error" : undefined}
        />
      </Field>
      <div className="row">
        <button type="submit" className="btn">
          Find my license
        </button>
        <Link to="/sign-in" className="btn secondary">
          Sign in instead
        </Link>
      </div>
    </form>
  );
}

function RenewKey({ licenseKey }: { licenseKey: string }) {
  const trpc = useTRPC();
  const options = useQuery({
    ...trpc.checkout.getRenewalOptions.queryOptions({ licenseKey }),
    retry: false,
  });
  if (options.isPending) return <Loading label="Looking up your license…" />;
  if (options.isError) return <KeyForm initial={licenseKey} error={lookupError(options.error, licenseKey)} />;
  return <RenewalChoice renewal={options.data} />;
}

function RenewalChoice({ renewal: r }: { renewal: RenewalOptions }) {
  const trpc = useTRPC();
  const [cycle, setCycle] = useState<string | null>(null);
  const pay = useMutation(
    trpc.checkout.createOrder.mutationOptions({
      onSuccess: (order) => window.location.assign(order.paymentUrl || `/orders/${order.token}`),
    }),
  );
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
          <dd>{r.clockPending ? "Its term starts when you first activate it" : formatDate(r.expiresAt)}</dd>
        </dl>
      </div>
      {r.refusal ? (
        <div className="notice info" role="status" data-testid="renewal-refusal">
          <p>{r.refusal.message}</p>
          {r.refusal.reason === "subscription" ? (
            <Link to="/account/subscriptions">My subscriptions</Link>
          ) : null}
        </div>
      ) : r.options.length === 0 ? (
        <div className="notice info" role="status">
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
                    <br />
                    <span className="small">
                      New expiry: <strong data-testid="new-expiry">{formatDate(o.newExpiresAt)}</strong>
                    </span>
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
