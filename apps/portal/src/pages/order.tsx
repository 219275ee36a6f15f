import { type CheckoutOrder, formatMoney, orderTookPayment, subscriptionRepeatText } from "@keyway/schema";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { formatDate, formatDateTime } from "../app/format";
import { OrderStatusBadge, RefundNotice } from "../app/order-status";
import { useTRPC } from "../app/trpc";
import { CopyButton, ErrorNotice, Loading, StatusBadge, useTitle } from "../app/ui";

/** The order page the gateway returns to: polls while the payment settles, then shows the key. */
export default function OrderPage() {
  const { token = "" } = useParams();
  const trpc = useTRPC();
  const order = useQuery({
    ...trpc.checkout.getOrder.queryOptions({ token }),
    refetchInterval: (q) => (q.state.data?.status === "pending" ? 2000 : false),
  });
  useTitle(order.data?.status === "paid" ? "Payment received" : "Your order");
  if (order.isPending) return <Loading label="Loading your order…" />;
  if (order.isError) return <ErrorNotice error={order.error} retry={() => void order.refetch()} />;
  const o = order.data;
  return (
    <div className="stack">
      <div className="spread">
        <h1>{o.status === "paid" ? "Thank you — payment received" : "Your order"}</h1>
        <span className="row">
          {o.testMode ? (
            <span
              className="badge"
              title="Paid through the sandbox: no money moved, and the key is a test key"
            >
              test mode
            </span>
          ) : null}
          <OrderStatusBadge status={o.status} />
        </span>
      </div>
      <div className="card">
        <dl className="facts">
          <dt>Item</dt>
          <dd>
            {o.itemName}
            {o.quantity > 1 ? ` × ${o.quantity}` : ""}
          </dd>
          <dt>Sold by</dt>
          <dd>{o.vendorName}</dd>
          <dt>Amount</dt>
          <dd>
            {formatMoney(o.amount, o.currency)}
            <RefundNotice order={o} />
          </dd>
          {o.repeats ? (
            <>
              <dt>Repeats</dt>
              <dd data-testid="repeats">{subscriptionRepeatText(o.repeats)}</dd>
            </>
          ) : null}
          <dt>Reference</dt>
          <dd>
            <code>{o.reference}</code>
          </dd>
          <dt>Placed</dt>
          <dd>{formatDateTime(o.createdAt)}</dd>
          {o.paidAt ? (
            <>
              <dt>Paid</dt>
              <dd>{formatDateTime(o.paidAt)}</dd>
            </>
          ) : null}
        </dl>
      </div>
      {o.status === "pending" ? (
        <div className="card" aria-live="polite">
          <p className="row">
            <span className="spinner" aria-hidden="true" /> Waiting for the payment to be confirmed. This page
            updates by itself.
          </p>
          {o.paymentUrl ? (
            <a className="btn secondary" href={o.paymentUrl}>
              Go to the payment page
            </a>
          ) : null}
        </div>
      ) : null}
      {o.status === "failed" || o.status === "cancelled" || o.status === "expired" ? (
        <div className="notice error" role="alert">
          <p>
            The payment did not go through ({o.status}). Nothing was charged for this order.{" "}
            <Link to={`/${o.vendorSlug}`}>Return to the store</Link> to try again.
          </p>
        </div>
      ) : null}
      {orderTookPayment(o.status) ? <OrderKeys order={o} /> : null}
    </div>
  );
}

/** A key works unless the license was revoked or suspended (a refund or a dispute may do either). */
const works = (status: string) => status !== "revoked" && status !== "suspended";

/** The order's keys: working ones to copy, and any a refund or dispute stopped, said as such. */
function OrderKeys({ order: o }: { order: CheckoutOrder }) {
  const working = o.licenses.filter((l) => works(l.status));
  const plural = o.licenses.length > 1;
  return (
    <section className="card" aria-labelledby="keys">
      <h2 id="keys">
        {working.length
          ? plural
            ? "Your license keys"
            : "Your license key"
          : plural
            ? "License keys"
            : "License key"}
      </h2>
      {o.licenses.length === 0 && o.status === "paid" ? (
        <p className="muted">Your license is being issued; refresh in a moment.</p>
      ) : null}
      {o.licenses.map((l) =>
        works(l.status) ? (
          <div key={l.key} className="stack" style={{ marginBottom: 16 }}>
            <div className="key">
              <code data-testid="license-key">{l.key}</code>
              <CopyButton text={l.key} label="Copy key" />
            </div>
            <p className="small muted">
              {l.productName} · <StatusBadge status={l.status} /> ·{" "}
              {o.kind === "renewal" ? "now valid until " : "valid until "}
              <strong data-testid="license-expiry">{formatDate(l.expiresAt)}</strong>
            </p>
          </div>
        ) : (
          <div key={l.key} className="stack" style={{ marginBottom: 16 }}>
            <code className="muted" data-testid="stopped-license-key">
              <s>{l.key}</s>
            </code>
            <p className="small muted">
              {l.productName} · <StatusBadge status={l.status} /> · This key no longer works
              {o.refundedAmount > 0 ? ": the order was refunded." : "."}
            </p>
          </div>
        ),
      )}
      {working.length ? (
        <>
          <h3>Next steps</h3>
          <ol className="steps">
            <li>Copy the key and paste it into the software when it asks for a license.</li>
            <li>Keep this page or the receipt: the reference above identifies your payment.</li>
            <li>
              <Link to="/sign-in">Sign in</Link> with your email or mobile number to see your licenses, move
              one to a new device or domain, and renew it.
            </li>
          </ol>
        </>
      ) : null}
    </section>
  );
}
