import {
  type Dispute,
  formatMoney,
  GATEWAY_LABELS,
  type GatewayName,
  inputFromMinor,
  minorFromDecimal,
  type Order,
  type Refund,
  type RefundLicenseAction,
  type RefundResult,
  refundLicenseAction,
} from "@keyway/schema";

/**
 * What the console says about refunds and disputes, in words (unit tested in
 * orders-refund-words.test.ts): the order's status, the refund form's question and its answer,
 * and each refund and dispute of an order.
 */

type Money = Pick<Order, "amount" | "refundedAmount" | "currency">;
type RefundableOrder = Money & Pick<Order, "status" | "gateway" | "kind" | "quantity" | "licenseId">;

/** The license choice of the refund form: "" follows the product's `onRefund`. */
export type LicenseChoice = RefundLicenseAction | "";

/** What is left of the payment to give back. */
export const refundLeft = (o: Money) => Math.max(o.amount - o.refundedAmount, 0);

/** Paid, or paid back in part so far, with something left (as core's `refundOrder` takes them). */
export const canRefund = (o: RefundableOrder) =>
  (o.status === "paid" || o.status === "partially_refunded") && refundLeft(o) > 0;

/** UPI Gateway has no refund API: the vendor pays back and Keyway records it. */
export const refundsOutside = (gateway: string) => gateway === "upigateway";

export function providerName(gateway: string): string {
  if (gateway === "sandbox") return "the sandbox";
  return GATEWAY_LABELS[gateway as GatewayName] ?? gateway;
}

/** The order's status as the table shows it: "Partially refunded (₹10.00 back)", "Refunded". */
export function orderStatusWords(o: Money & { status: string }): string {
  if (o.status === "partially_refunded")
    return `Partially refunded (${formatMoney(o.refundedAmount, o.currency)} back)`;
  if (o.status === "refunded") return "Refunded";
  return o.status;
}

/** What the refund will do to the licenses: the form's choice, else core's rule (`refundLicenseAction`). */
export function licenseActionFor(
  choice: LicenseChoice,
  productOnRefund: RefundLicenseAction | null | undefined,
  full: boolean,
): RefundLicenseAction {
  return refundLicenseAction({ requested: choice || null, productOnRefund, full });
}

/** The refund form's license options, each explained. */
export function licenseChoiceLabel(
  choice: LicenseChoice,
  productOnRefund: RefundLicenseAction | null | undefined,
): string {
  switch (choice) {
    case "revoke":
      return "Revoke: the license stops working for good";
    case "suspend":
      return "Suspend: the license stops working until you reinstate it";
    case "keep":
      return "Keep: the license keeps working";
    default:
      return productOnRefund
        ? `The product's default: ${productOnRefund}`
        : "The product's default: revoke on a full refund, keep on a partial one";
  }
}

/** How many licenses the order made (a package makes one per unit). */
export const licenseCount = (o: Pick<Order, "kind" | "quantity" | "licenseId">) =>
  o.kind === "package" ? o.quantity : o.licenseId ? 1 : 0;

const their = (count: number) => (count > 1 ? `their ${count} licenses` : "their license");

/** Minor units from what the vendor typed, or what is wrong with it. */
export function refundAmount(
  text: string,
  o: Money,
): { ok: true; amount: number } | { ok: false; error: string } {
  const left = refundLeft(o);
  const amount = minorFromDecimal(text, o.currency);
  if (amount === null)
    return {
      ok: false,
      error: `Enter the amount in ${o.currency}, e.g. ${inputFromMinor(left, o.currency)}.`,
    };
  if (amount === 0) return { ok: false, error: "Enter an amount above 0." };
  if (amount > left)
    return { ok: false, error: `At most ${formatMoney(left, o.currency)} is left to refund.` };
  return { ok: true, amount };
}

/** "Refund ₹29.99 of ₹29.99 to the buyer and revoke their license?" */
export function refundQuestion(o: RefundableOrder, amount: number, action: RefundLicenseAction): string {
  const count = licenseCount(o);
  const licenses =
    count === 0
      ? ""
      : action === "keep"
        ? ` and keep ${their(count)} working`
        : ` and ${action} ${their(count)}`;
  const money = `${formatMoney(amount, o.currency)} of ${formatMoney(o.amount, o.currency)}`;
  if (refundsOutside(o.gateway))
    return `${providerName(o.gateway)} cannot refund through Keyway: record ${money} as paid back to the buyer outside Keyway (you pay them yourself)${licenses}?`;
  return `Refund ${money} to the buyer${licenses}?`;
}

const licenseAfter: Record<RefundLicenseAction, string> = {
  revoke: "The license is revoked.",
  suspend: "The license is suspended.",
  keep: "The license keeps working.",
};

/** The answer to a refund, in words. */
export function refundOutcome(result: RefundResult, gateway: string): string {
  const { refund } = result;
  const money = formatMoney(refund.amount, refund.currency);
  if (refund.status === "pending")
    return `${money} is pending at ${providerName(gateway)}: the order and its license change once it confirms the refund.`;
  if (refund.status === "failed")
    return `${providerName(gateway)} refused the refund${refund.failureReason ? `: ${refund.failureReason}` : "."}`;
  const done =
    refund.source === "outside"
      ? `Recorded ${money} as refunded outside Keyway (${providerName(gateway)}).`
      : gateway === "sandbox"
        ? `Refunded ${money} (test mode: no money moved).`
        : `Refunded ${money} to the buyer.`;
  return `${done} ${licenseAfter[refund.licenseAction]}`;
}

/** Where a refund started: "Through Keyway", "At PayPal", "Outside Keyway — UPI Gateway". */
export function refundSourceWords(r: Pick<Refund, "source" | "gateway">): string {
  if (r.source === "provider") return `At ${providerName(r.gateway)}`;
  if (r.source === "outside") return `Outside Keyway — ${providerName(r.gateway)}`;
  return "Through Keyway";
}

export function refundStatusWords(r: Pick<Refund, "status" | "gateway" | "failureReason">): string {
  if (r.status === "pending") return `Pending at ${providerName(r.gateway)}`;
  if (r.status === "failed") return `Refused${r.failureReason ? `: ${r.failureReason}` : ""}`;
  return "Refunded";
}

/** What the refund did (or will do, once settled) to the license. */
export function refundLicenseWords(r: Pick<Refund, "status" | "licenseAction">): string {
  if (r.status === "failed") return "Unchanged";
  const done = { revoke: "Revoked", suspend: "Suspended", keep: "Kept" }[r.licenseAction];
  return r.status === "pending" && r.licenseAction !== "keep" ? `${done} once it settles` : done;
}

export function disputeStatusWords(d: Pick<Dispute, "status">): string {
  if (d.status === "open") return "Open — license suspended";
  if (d.status === "won") return "Won — license reinstated";
  return "Lost — license revoked";
}
