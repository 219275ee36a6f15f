import { statusLabel, statusTone } from "./format";
import { refundNote } from "./refund-note";

/** An order's status as a badge, in words ("partially refunded"). */
export function OrderStatusBadge({ status }: { status: string }) {
  return <span className={`badge ${statusTone(status)}`}>{statusLabel(status)}</span>;
}

/** "Refunded ₹29.99 on …" / "Partially refunded: ₹10.00 back" under an order, or nothing. */
export function RefundNotice({
  order,
  refundedAt,
  className = "small muted",
}: {
  order: { status: string; amount: number; refundedAmount: number; currency: string };
  refundedAt?: string | null;
  className?: string;
}) {
  const note = refundNote(order, refundedAt);
  return note ? (
    <div className={className} data-testid="refund-note">
      {note}
    </div>
  ) : null;
}
