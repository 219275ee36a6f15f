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
                <td>{formatMoney(r.amount, r.currency)}</td>
                <td>{formatDate(r.createdAt)}</td>
                <td>{refundSourceWords(r)}</td>
                <td>{refundStatusWords(r)}</td>
                <td>{refundLicenseWords(r)}</td>
                <td>{r.reason ?? "—"}</td>
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
                <td>{formatMoney(d.amount, d.currency)}</td>
                <td>{formatDate(d.openedAt)}</td>
                <td>{GATEWAY_LABELS[d.gateway]}</td>
                <td>{disputeStatusWords(d)}</td>
                <td>{formatDate(d.closedAt)}</td>
                <td>{d.reason ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
