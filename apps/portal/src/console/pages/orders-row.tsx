import { formatMoney, type Order, type RefundLicenseAction } from "@keyway/schema";
import { useState } from "react";
import { Link } from "react-router";
import { formatDate } from "../format";
import { MoneyBack } from "./orders-money-back";
import { RefundForm } from "./orders-refund";
import { canRefund, orderStatusWords } from "./orders-refund-words";

const COLUMNS = 9;

/** Orders that took money: they may have refunds and disputes to list. */
const tookMoney = (o: Order) => ["paid", "partially_refunded", "refunded"].includes(o.status);

/**
 * One order of the Orders table, whose reference opens the order's page (order-detail.tsx); below
 * it, on request, the refund form and the order's refunds and disputes, with the last refund's
 * answer in words.
 */
export function OrderRow({
  order: o,
  item,
  customer,
  productOnRefund,
}: {
  order: Order;
  item: string;
  customer: string;
  productOnRefund: RefundLicenseAction | null | undefined;
}) {
  const [open, setOpen] = useState<"refund" | "details" | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  return (
    <>
      <tr>
        <td data-label="Reference">
          <Link to={`/console/orders/${o.id}`} aria-label={`Order ${o.reference}`}>
            <code>{o.reference}</code>
          </Link>{" "}
          {o.testMode ? (
            <span className="kc-badge" title="Paid through the sandbox: no money moved">
              test mode
            </span>
          ) : null}
        </td>
        <td data-label="Item">
          {item}
          <small> {o.kind}</small>
        </td>
        <td data-label="Customer">{customer}</td>
        <td data-label="Amount">{formatMoney(o.amount, o.currency)}</td>
        <td data-label="Gateway">{o.gateway}</td>
        <td data-label="Status">
          <span className={`kc-badge kc-badge-${o.status}`}>{orderStatusWords(o)}</span>
        </td>
        <td data-label="Created">{formatDate(o.paidAt ?? o.createdAt)}</td>
        <td data-label="License">
          {o.licenseId ? <Link to={`/console/licenses/${o.licenseId}`}>open</Link> : "—"}
        </td>
        <td>
          <div className="kc-actions">
            {canRefund(o) && open !== "refund" ? (
              <button
                type="button"
                className="kc-secondary"
                onClick={() => {
                  setOutcome(null);
                  setOpen("refund");
                }}
              >
                Refund
              </button>
            ) : null}
            {tookMoney(o) ? (
              <button
                type="button"
                className="kc-link"
                aria-expanded={open !== null}
                onClick={() => setOpen(open ? null : "details")}
              >
                Refunds and disputes
              </button>
            ) : null}
          </div>
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={COLUMNS}>
            {outcome ? (
              <p role="status" data-testid="refund-outcome">
                {outcome}
              </p>
            ) : null}
            {open === "refund" ? (
              <RefundForm
                order={o}
                productOnRefund={productOnRefund}
                onDone={(text) => {
                  setOutcome(text);
                  setOpen("details");
                }}
                onCancel={() => setOpen(null)}
              />
            ) : null}
            <MoneyBack orderId={o.id} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
