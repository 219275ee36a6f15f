import { formatMoney, subscriptionRepeatText } from "@keyway/schema";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { formatDateTime } from "../app/format";
import { RefundNotice } from "../app/order-status";
import { RequireCustomer } from "../app/require-customer";
import { useTRPC } from "../app/trpc";
import { ErrorNotice, Loading, useTitle } from "../app/ui";

/** A printable receipt (the print stylesheet hides the header and buttons). */
export default function Receipt() {
  useTitle("Receipt");
  return (
    <RequireCustomer>
      <ReceiptBody />
    </RequireCustomer>
  );
}

function ReceiptBody() {
  const { orderId = "" } = useParams();
  const trpc = useTRPC();
  const me = useQuery(trpc.customer.me.queryOptions());
  const list = useQuery(trpc.customer.orders.queryOptions());
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorNotice error={list.error} retry={() => void list.refetch()} />;
  const o = list.data.find((x) => x.id === orderId);
  if (!o)
    return (
      <div className="notice error" role="alert">
        Receipt not found. <Link to="/account/orders">Back to your orders</Link>
      </div>
    );
  return (
    <article className="card" style={{ maxWidth: 640, margin: "0 auto" }}>
      <div className="spread">
        <h1>Receipt</h1>
        <span className="muted">{me.data?.vendorName}</span>
      </div>
      <dl className="facts">
        <dt>Reference</dt>
        <dd>
          <code>{o.reference}</code>
        </dd>
        <dt>Paid on</dt>
        <dd>{formatDateTime(o.paidAt)}</dd>
        {o.refundedAmount > 0 ? (
          <>
            <dt>Refund</dt>
            <dd>
              <RefundNotice order={o} className="" />
            </dd>
          </>
        ) : null}
        <dt>Billed to</dt>
        <dd>{me.data?.email ?? me.data?.phone}</dd>
        <dt>Payment</dt>
        <dd>
          {o.gateway}
          {o.testMode ? " (test)" : ""}
        </dd>
      </dl>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Qty</th>
            <th scope="col">Amount</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>
              {o.itemName} <span className="muted small">({o.kind})</span>
            </td>
            <td>{o.quantity}</td>
            <td>{formatMoney(o.amount, o.currency)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={2}>
              Total
            </th>
            <td>
              <strong>{formatMoney(o.amount, o.currency)}</strong>
            </td>
          </tr>
          {o.refundedAmount > 0 ? (
            <>
              <tr>
                <th scope="row" colSpan={2}>
                  Refunded
                </th>
                <td>−{formatMoney(o.refundedAmount, o.currency)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={2}>
                  Net paid
                </th>
                <td>
                  <strong>{formatMoney(o.amount - o.refundedAmount, o.currency)}</strong>
                </td>
              </tr>
            </>
          ) : null}
        </tbody>
      </table>
      {o.repeats ? (
        <p data-testid="repeats" style={{ marginTop: 16 }}>
          {subscriptionRepeatText(o.repeats)}
        </p>
      ) : null}
      <div className="row no-print" style={{ marginTop: 16 }}>
        <button type="button" className="btn" onClick={() => window.print()}>
          Print
        </button>
        <Link className="btn secondary" to="/account/orders">
          Back to orders
        </Link>
      </div>
    </article>
  );
}
