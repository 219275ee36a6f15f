import { formatMoney, type Subscription } from "@keyway/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { formatDate, perCycle, statusTone } from "../app/format";
import { RequireCustomer } from "../app/require-customer";
import { useTRPC } from "../app/trpc";
import { Empty, ErrorNotice, Loading, useTitle } from "../app/ui";

export default function MySubscriptions() {
  useTitle("My subscriptions");
  return (
    <RequireCustomer>
      <h1>My subscriptions</h1>
      <SubscriptionList />
    </RequireCustomer>
  );
}

function SubscriptionList() {
  const trpc = useTRPC();
  const list = useQuery(trpc.customer.subscriptions.queryOptions());
  // A past-due subscription without a renewal order yet is paid through its license's renew page.
  const licenses = useQuery({
    ...trpc.customer.licenses.queryOptions(),
    enabled: list.data?.some((s) => s.status === "past_due" && !s.renewalPaymentUrl) ?? false,
  });
  const keyOf = (licenseId: string | null) => licenses.data?.find((l) => l.id === licenseId)?.key;
  if (list.isPending) return <Loading label="Loading your subscriptions…" />;
  if (list.isError) return <ErrorNotice error={list.error} retry={() => void list.refetch()} />;
  if (list.data.length === 0)
    return (
      <Empty title="No subscriptions">
        <p className="muted">
          Plans you subscribe to appear here; you can cancel or resume them at any time.
        </p>
      </Empty>
    );
  return (
    <>
      {list.data.map((s) => (
        <SubscriptionCard key={s.id} subscription={s} licenseKey={keyOf(s.licenseId)} />
      ))}
    </>
  );
}

/** "₹7,999.00 / year", or the cycle alone when the plan has no price for it any more. */
function priceLine(s: Subscription): string {
  const cycle = perCycle(s.billingCycle);
  if (s.amount === null || !s.currency) return cycle ? `Billed ${cycle.replace("/ ", "every ")}` : "";
  return `${formatMoney(s.amount, s.currency)} ${cycle}`.trim();
}

/** Where the subscription stands, in words: "Renews on 12 January 2027", "Ends on …". */
function standing(s: Subscription): { text: string; tone: string } {
  const end = formatDate(s.currentPeriodEnd);
  switch (s.status) {
    case "active":
      return s.cancelAtPeriodEnd
        ? { text: `Ends on ${end}`, tone: "warn" }
        : { text: `Renews on ${end}`, tone: "ok" };
    case "past_due":
      return { text: `Payment due since ${end}`, tone: statusTone("past_due") };
    case "cancelled":
      return { text: "Cancelled", tone: "bad" };
    case "expired":
      return { text: `Ended on ${end}`, tone: "bad" };
    default:
      return { text: "Awaiting payment", tone: "warn" };
  }
}

type Action = "cancel" | "resume";

function SubscriptionCard({
  subscription: s,
  licenseKey,
}: {
  subscription: Subscription;
  licenseKey?: string | undefined;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<Action | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.customer.subscriptions.queryKey() });
  const end = formatDate(s.currentPeriodEnd);
  const title = `${s.productName} — ${s.planName}`;
  const cancel = useMutation(
    trpc.customer.cancelSubscription.mutationOptions({
      onSuccess: (after) => {
        setAsking(null);
        setDone(
          `Cancelled. ${title} stays active until ${formatDate(after.currentPeriodEnd)}, then ends; you will not be charged again.`,
        );
        return refresh();
      },
    }),
  );
  const resume = useMutation(
    trpc.customer.resumeSubscription.mutationOptions({
      onSuccess: (after) => {
        setAsking(null);
        setDone(`Resumed. ${title} renews on ${formatDate(after.currentPeriodEnd)}.`);
        return refresh();
      },
    }),
  );
  const state = standing(s);
  const headingId = `sub-${s.id}`;
  // Core accepts cancel and resume only while the subscription runs (active or past due).
  const running = s.status === "active" || s.status === "past_due";
  const price = priceLine(s);
  return (
    <article className="card" aria-labelledby={headingId}>
      <div className="spread">
        <h2 id={headingId}>{title}</h2>
        {/* A sentence, not a status word: the badge's capitalisation would read "Renews On". */}
        <span
          className={`badge ${state.tone}`}
          style={{ textTransform: "none" }}
          data-testid="subscription-standing"
        >
          {state.text}
        </span>
      </div>
      {s.status === "past_due" ? <PaymentDue subscription={s} licenseKey={licenseKey} /> : null}
      <dl className="facts">
        <dt>Plan</dt>
        <dd>{s.planName}</dd>
        <dt>Price</dt>
        <dd>{price || "—"}</dd>
      </dl>
      {done ? (
        <p className="notice success" role="status">
          {done}
        </p>
      ) : null}
      {cancel.error ? <ErrorNotice error={cancel.error} /> : null}
      {resume.error ? <ErrorNotice error={resume.error} /> : null}
      {asking === "cancel" ? (
        <section className="notice info" aria-label={`Cancel ${title}?`}>
          <p>
            <strong>Cancel {title}?</strong> It stays active and your license keeps working until {end}. After
            that it ends and you will not be charged again. You can resume it before then.
          </p>
          <div className="row">
            <button
              type="button"
              className="btn danger"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate({ subscriptionId: s.id })}
            >
              Yes, end it on {end}
            </button>
            <button type="button" className="btn secondary" onClick={() => setAsking(null)}>
              Keep my subscription
            </button>
          </div>
        </section>
      ) : asking === "resume" ? (
        <section className="notice info" aria-label={`Resume ${title}?`}>
          <p>
            <strong>Resume {title}?</strong> It will renew on {end}
            {price ? ` and charge ${price}` : ""}, and keep renewing until you cancel.
          </p>
          <div className="row">
            <button
              type="button"
              className="btn"
              disabled={resume.isPending}
              onClick={() => resume.mutate({ subscriptionId: s.id })}
            >
              Yes, resume
            </button>
            <button type="button" className="btn secondary" onClick={() => setAsking(null)}>
              Not now
            </button>
          </div>
        </section>
      ) : running ? (
        <button
          type="button"
          className={s.cancelAtPeriodEnd ? "btn secondary" : "btn danger"}
          onClick={() => {
            setDone(null);
            setAsking(s.cancelAtPeriodEnd ? "resume" : "cancel");
          }}
        >
          {s.cancelAtPeriodEnd ? "Resume subscription" : "Cancel subscription"}
        </button>
      ) : null}
    </article>
  );
}

/** The period ended unpaid: pay the renewal order's link, else renew the license by its key. */
function PaymentDue({
  subscription: s,
  licenseKey,
}: {
  subscription: Subscription;
  licenseKey?: string | undefined;
}) {
  const renew = licenseKey ? `/renew?key=${encodeURIComponent(licenseKey)}` : "/renew";
  return (
    <div className="notice error" role="status">
      <p>
        <strong>Payment due.</strong> This subscription&apos;s period ended on{" "}
        {formatDate(s.currentPeriodEnd)} without payment. Pay now to keep your license working.
      </p>
      {s.renewalPaymentUrl ? (
        <a className="btn" href={s.renewalPaymentUrl}>
          Pay now
        </a>
      ) : (
        <Link className="btn" to={renew}>
          Pay now
        </Link>
      )}
    </div>
  );
}
