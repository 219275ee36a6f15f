import type { Subscription } from "@keyway/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { cycleLabel, formatDate, statusTone } from "../app/format";
import { RequireCustomer } from "../app/require-customer";
import { useTRPC } from "../app/trpc";
import { Empty, ErrorNotice, Loading, StatusBadge, useTitle } from "../app/ui";

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
  const queryClient = useQueryClient();
  const list = useQuery(trpc.customer.subscriptions.queryOptions());
  // A past-due subscription without a renewal order yet is paid through its license's renew page.
  const licenses = useQuery({
    ...trpc.customer.licenses.queryOptions(),
    enabled: list.data?.some((s) => s.status === "past_due" && !s.renewalPaymentUrl) ?? false,
  });
  const keyOf = (licenseId: string | null) => licenses.data?.find((l) => l.id === licenseId)?.key;
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.customer.subscriptions.queryKey() });
  const cancel = useMutation(trpc.customer.cancelSubscription.mutationOptions({ onSuccess: refresh }));
  const resume = useMutation(trpc.customer.resumeSubscription.mutationOptions({ onSuccess: refresh }));
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
      {cancel.error ? <ErrorNotice error={cancel.error} /> : null}
      {resume.error ? <ErrorNotice error={resume.error} /> : null}
      {list.data.map((s) => (
        <article className="card" key={s.id}>
          <div className="spread">
            <h2>Subscription #{s.id}</h2>
            {s.status === "past_due" ? (
              <span className={`badge ${statusTone(s.status)}`}>Payment due</span>
            ) : (
              <StatusBadge status={s.cancelAtPeriodEnd ? "ends at period end" : s.status} />
            )}
          </div>
          {s.status === "past_due" ? <PaymentDue subscription={s} licenseKey={keyOf(s.licenseId)} /> : null}
          <dl className="facts">
            <dt>Billing</dt>
            <dd>{cycleLabel(s.billingCycle)}</dd>
            <dt>
              {s.status === "past_due" ? "Period ended" : s.cancelAtPeriodEnd ? "Ends on" : "Renews on"}
            </dt>
            <dd>{formatDate(s.currentPeriodEnd)}</dd>
          </dl>
          {s.cancelAtPeriodEnd ? (
            <button
              type="button"
              className="btn secondary"
              disabled={resume.isPending}
              onClick={() => resume.mutate({ subscriptionId: s.id })}
            >
              Resume subscription
            </button>
          ) : (
            <button
              type="button"
              className="btn danger"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate({ subscriptionId: s.id })}
            >
              Cancel at period end
            </button>
          )}
        </article>
      ))}
    </>
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
