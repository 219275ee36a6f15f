import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { cycleLabel, formatDate } from "../app/format";
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
            <StatusBadge status={s.cancelAtPeriodEnd ? "ends at period end" : s.status} />
          </div>
          <dl className="facts">
            <dt>Billing</dt>
            <dd>{cycleLabel(s.billingCycle)}</dd>
            <dt>{s.cancelAtPeriodEnd ? "Ends on" : "Renews on"}</dt>
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
