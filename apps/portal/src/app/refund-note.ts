import { formatMoney } from "@keyway/schema";
import { formatDate } from "./format";

// Apart from format.ts: that one is in the portal's first load, which must not pull in the
// schemas (and zod) before main.tsx turns zod's eval probe off (zod-jitless.ts).

/**
 * What an order says about money given back, or null when none: "Refunded ₹29.99 on 2 May 2026"
 * (all of it; the date when known), "Partially refunded: ₹10.00 back".
 */
export function refundNote(
  order: { status: string; amount: number; refundedAmount: number; currency: string },
  refundedAt?: string | null,
  locale?: string,
): string | null {
  if (order.refundedAmount <= 0) return null;
  const back = formatMoney(order.refundedAmount, order.currency, locale);
  if (order.status === "refunded" || order.refundedAmount >= order.amount)
    return refundedAt ? `Refunded ${back} on ${formatDate(refundedAt, locale)}` : `Refunded ${back}`;
  return `Partially refunded: ${back} back`;
}
