import { formatMoney, orderTookPayment } from "@keyway/schema";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { formatDate } from "../app/format";
import { OrderStatusBadge, RefundNotice } from "../app/order-status";
import { RequireCustomer } from "../app/require-customer";
import { useTRPC } from "../app/trpc";
import { Empty, ErrorNotice, Loading, useTitle } from "../app/ui";

export default function MyOrders() {
  useTitle("My orders");
  return (
    <RequireCustomer>
      <h1>My orders</h1>
      <OrderList />
    </RequireCustomer>
  );
}

function OrderList() {
  const trpc = useTRPC();
  const list = useQuery(trpc.customer.orders.queryOptions());
  if (list.isPending) return <Loading label="Loading your orders…" />;
  if (list.isError) return <ErrorNotice error={list.error} retry={() => void list.refetch()} />;
  if (list.data.length === 0)
    return (
      <Empty title="No orders yet">
        <p className="muted">Your purchases and renewals appear here.</p>
      </Empty>
    );
  return (
    <div className="card">
      <table className="table">
        <caption className="sr-only">Your orders</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Item</th>
            <th scope="col">Amount</th>
            <th scope="col">Status</th>
            <th scope="col">Receipt or payment</th>
          </tr>
        </thead>
        <tbody>
          {list.data.map((o) => (
            <tr key={o.id}>
              <td>{formatDate(o.createdAt)}</td>
              <td>
                {o.itemName}
                {o.quantity > 1 ? ` × ${o.quantity}` : ""} <span className="muted small">({o.kind})</span>
              </td>
              <td>{formatMoney(o.amount, o.currency)}</td>
              <td>
                {/* Pending is an order still open for payment (core turns stale ones "expired"). */}
                {o.status === "pending" ? (
                  <span className="badge warn">Awaiting payment</span>
                ) : (
                  <OrderStatusBadge status={o.status} />
                )}
                <RefundNotice order={o} />
              </td>
              <td>
                {o.status === "pending" && o.paymentUrl ? (
                  <a className="btn small" href={o.paymentUrl}>
                    Pay now<span className="sr-only"> for {o.reference}</span>
                  </a>
                ) : orderTookPayment(o.status) ? (
                  <Link to={`/account/orders/${o.id}`}>
                    Receipt<span className="sr-only"> for {o.reference}</span>
                  </Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
