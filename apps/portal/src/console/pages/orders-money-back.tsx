import { formatMoney, GATEWAY_LABELS } from "@keyway/schema";
import { useQuery } from "@tanstack/react-query";
import { formatDate } from "../format";
import { useTRPC } from "../trpc";
import { ErrorNote } from "../ui";
import {
  disputeStatusWords,
  refundLicenseWords,
  refundSourceWords,
  refundStatusWords,
} from "./orders-refund-words";

/** An order's refunds and disputes (`order.refunds`), oldest first, in words. */
export function MoneyBack({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const money = useQuery({ ...trpc.order.refunds.queryOptions({ orderId }), refetchInterval: 5000 });
  if (money.error) return <ErrorNote error={money.error} />;
  if (!money.data) return <p className="kc-loading">Loading refunds…</p>;
  const { refunds, disputes } = money.data;
  if (!refunds.length && !disputes.length) return <p className="kc-muted">No refunds or disputes.</p>;
  return (
    <>
      {refunds.length ? (
        <table className="kc-table" aria-label="Refunds">
          <thead>
            <tr>
              <th>Refund</th>
              <th>When</th>
              <th>Source</th>
              <th>Status</th>
              <th>License</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {refunds.map((r) => (
              <tr key={r.id}>
                <td data-label="Refund">{formatMoney(r.amount, r.currency)}</td>
                <td data-label="When">{formatDate(r.createdAt)}</td>
                <td data-label="Source">{refundSourceWords(r)}</td>
                <td data-label="Status">{refundStatusWords(r)}</td>
                <td data-label="License">{refundLicenseWords(r)}</td>
                <td data-label="Reason">{r.reason ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {disputes.length ? (
        <table className="kc-table" aria-label="Disputes">
          <thead>
            <tr>
              <th>Dispute</th>
              <th>Opened</th>
              <th>At</th>
              <th>Status</th>
              <th>Closed</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {disputes.map((d) => (
              <tr key={d.id}>
                <td data-label="Dispute">{formatMoney(d.amount, d.currency)}</td>
                <td data-label="Opened">{formatDate(d.openedAt)}</td>
                <td data-label="At">{GATEWAY_LABELS[d.gateway]}</td>
                <td data-label="Status">{disputeStatusWords(d)}</td>
                <td data-label="Closed">{formatDate(d.closedAt)}</td>
                <td data-label="Reason">{d.reason ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
