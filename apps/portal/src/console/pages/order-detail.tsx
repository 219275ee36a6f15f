import { formatMoney, GATEWAY_LABELS, type GatewayName, type OrderDetail } from "@keyway/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { formatDate } from "../format";
import { useTRPC } from "../trpc";
import { Card, Empty, ErrorNote, PageHeader, StatusBadge } from "../ui";
import { customerLink } from "./order-detail-links";
import { ResendPurchaseMessage } from "./order-resend-message";
import { MoneyBack } from "./orders-money-back";
import { RefundForm } from "./orders-refund";
import { canRefund, orderStatusWords } from "./orders-refund-words";

const KIND_WORDS: Record<OrderDetail["order"]["kind"], string> = {
  addon: "Add-on",
  subscription: "Subscription",
  package: "License package",
  renewal: "Renewal",
};

const PAYMENT_WORDS: Record<OrderDetail["payments"][number]["status"], string> = {
  succeeded: "Went through",
  failed: "Failed",
  refused: "Refused by Keyway",
};

const gatewayName = (gateway: string) =>
  gateway === "sandbox" ? "Sandbox" : (GATEWAY_LABELS[gateway as GatewayName] ?? gateway);

/**
 * One order (`order.detail`): what it sells, its status in words, the customer, every payment
 * the gateway reported, the licenses it made, and its refunds and disputes (refundable here).
 */
export default function OrderDetailPage() {
  const { orderId = "" } = useParams();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.order.detail.queryOptions({ orderId }));
  const [refunding, setRefunding] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  if (detail.error) return <ErrorNote error={detail.error} />;
  const d = detail.data;
  if (!d) return <p className="kc-loading">Loading…</p>;
  const o = d.order;
  const item = [d.item.productName, d.item.planName].filter(Boolean).join(" · ") || "—";
  return (
    <>
      <PageHeader title={`Order ${o.reference}`}>
        <span className={`kc-badge kc-badge-${o.status}`} data-testid="order-status">
          {orderStatusWords(o)}
        </span>
        {o.testMode ? (
          <span className="kc-badge" title="Paid through the sandbox: no money moved">
            test mode
          </span>
        ) : null}
      </PageHeader>
      <p>
        <Link to="/console/orders">← All orders</Link>
      </p>
      <Card title="Order">
        <dl className="kc-dl" data-testid="order-summary">
          <dt>Item</dt>
          <dd>
            {item} <small className="kc-muted">{KIND_WORDS[o.kind]}</small>
          </dd>
          <dt>Quantity</dt>
          <dd>{d.item.quantity}</dd>
          {d.item.billingCycle ? (
            <>
              <dt>Billed</dt>
              <dd>{d.item.billingCycle}</dd>
            </>
          ) : null}
          <dt>Amount</dt>
          <dd>{formatMoney(o.amount, o.currency)}</dd>
          {o.refundedAmount ? (
            <>
              <dt>Given back</dt>
              <dd>{formatMoney(o.refundedAmount, o.currency)}</dd>
            </>
          ) : null}
          <dt>Gateway</dt>
          <dd>{gatewayName(o.gateway)}</dd>
          <dt>Created</dt>
          <dd>{formatDate(o.createdAt)}</dd>
          <dt>Paid</dt>
          <dd>{o.paidAt ? formatDate(o.paidAt) : "Not paid"}</dd>
          {o.status === "pending" ? (
            <>
              <dt>Payable until</dt>
              <dd>{formatDate(o.expiresAt)}</dd>
            </>
          ) : null}
        </dl>
      </Card>
      <Card title="Customer">
        {d.customer ? (
          <dl className="kc-dl" data-testid="order-customer">
            <dt>Name</dt>
            <dd>{d.customer.name ?? "—"}</dd>
            <dt>Email</dt>
            <dd>{d.customer.email ?? "—"}</dd>
            <dt>Phone</dt>
            <dd>{d.customer.phone ?? "—"}</dd>
            <dt>More</dt>
            <dd>
              <Link to={customerLink(d.customer)}>Open in Customers</Link>
            </dd>
          </dl>
        ) : (
          <Empty>No customer was given for this order.</Empty>
        )}
        {d.customer && o.paidAt && o.kind !== "renewal" ? <ResendPurchaseMessage orderId={o.id} /> : null}
      </Card>
      <Card title="Payments">
        {d.payments.length ? (
          <table className="kc-table" aria-label="Payments">
            <thead>
              <tr>
                <th>When</th>
                <th>Gateway</th>
                <th>Reference</th>
                <th>Amount</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {d.payments.map((p) => (
                <tr key={p.id}>
                  <td data-label="When">{formatDate(p.createdAt)}</td>
                  <td data-label="Gateway">{gatewayName(p.gateway)}</td>
                  <td data-label="Reference">
                    <code>{p.reference}</code>
                  </td>
                  <td data-label="Amount">{formatMoney(p.amount, p.currency)}</td>
                  <td data-label="Status">
                    {PAYMENT_WORDS[p.status]}
                    {p.reason ? <small className="kc-muted"> · {p.reason}</small> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No payment reported yet.</Empty>
        )}
      </Card>
      <Card title="Licenses">
        {d.licenses.length ? (
          <table className="kc-table" aria-label="Licenses">
            <thead>
              <tr>
                <th>Key</th>
                <th>Product</th>
                <th>Status</th>
                <th>Expires</th>
              </tr>
            </thead>
            <tbody>
              {d.licenses.map((l) => (
                <tr key={l.id}>
                  <td data-label="Key">
                    <Link to={`/console/licenses/${l.id}`}>
                      <code>{l.key}</code>
                    </Link>
                  </td>
                  <td data-label="Product">{l.productName}</td>
                  <td data-label="Status">
                    <StatusBadge status={l.status} />
                  </td>
                  <td data-label="Expires">{l.expiresAt ? formatDate(l.expiresAt) : "never"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>{o.status === "pending" ? "Licenses come once it is paid." : "No licenses."}</Empty>
        )}
      </Card>
      <Card
        title="Refunds and disputes"
        actions={
          canRefund(o) && !refunding ? (
            <button
              type="button"
              className="kc-secondary"
              onClick={() => {
                setOutcome(null);
                setRefunding(true);
              }}
            >
              Refund
            </button>
          ) : null
        }
      >
        {outcome ? (
          <p role="status" data-testid="refund-outcome">
            {outcome}
          </p>
        ) : null}
        {refunding ? (
          <RefundForm
            order={o}
            productOnRefund={d.item.onRefund}
            onDone={(text) => {
              setOutcome(text);
              setRefunding(false);
              void queryClient.invalidateQueries(trpc.order.detail.queryFilter({ orderId }));
            }}
            onCancel={() => setRefunding(false)}
          />
        ) : null}
        <MoneyBack orderId={o.id} />
      </Card>
    </>
  );
}
