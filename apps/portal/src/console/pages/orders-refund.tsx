import { inputFromMinor, type Order, RefundLicenseAction, type RefundResult } from "@keyway/schema";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "../trpc";
import { ErrorNote, Field } from "../ui";
import {
  type LicenseChoice,
  licenseActionFor,
  licenseChoiceLabel,
  refundAmount,
  refundLeft,
  refundOutcome,
  refundQuestion,
  refundsOutside,
} from "./orders-refund-words";

const choices: LicenseChoice[] = ["", ...RefundLicenseAction.options];

/**
 * Refunding an order in place: the amount (what is left, in the currency's major units), a
 * reason, and what happens to the licenses; then the question in words, then the answer. The
 * license action is sent as confirmed, so what the vendor read is what core does.
 */
export function RefundForm({
  order,
  productOnRefund,
  onDone,
  onCancel,
}: {
  order: Order;
  productOnRefund: RefundLicenseAction | null | undefined;
  /** The answer in words (refunded, pending at the provider), once core has it. */
  onDone: (outcome: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refund = useMutation(
    trpc.order.refund.mutationOptions({
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.order.list.pathFilter()),
          queryClient.invalidateQueries(trpc.order.refunds.queryFilter({ orderId: order.id })),
        ]),
    }),
  );
  const [amountText, setAmountText] = useState(() => inputFromMinor(refundLeft(order), order.currency));
  const [reason, setReason] = useState("");
  const [choice, setChoice] = useState<LicenseChoice>("");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ amount: number; action: RefundLicenseAction } | null>(null);

  const review = (e: FormEvent) => {
    e.preventDefault();
    const read = refundAmount(amountText, order);
    setInvalid(read.ok ? null : read.error);
    if (!read.ok) return;
    const full = order.refundedAmount + read.amount >= order.amount;
    setAsking({ amount: read.amount, action: licenseActionFor(choice, productOnRefund, full) });
  };
  const confirm = () => {
    if (!asking) return;
    refund.mutate(
      {
        orderId: order.id,
        amount: asking.amount,
        licenseAction: asking.action,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      },
      { onSuccess: (result: RefundResult) => onDone(refundOutcome(result, order.gateway)) },
    );
  };

  if (asking)
    return (
      <fieldset className="kc-inline kc-confirm" aria-label="Confirm the refund">
        <span>{refundQuestion(order, asking.amount, asking.action)}</span>
        <button type="button" className="kc-danger" disabled={refund.isPending} onClick={confirm}>
          {refund.isPending ? "Refunding…" : refundsOutside(order.gateway) ? "Record refund" : "Refund"}
        </button>
        <button
          type="button"
          className="kc-secondary"
          disabled={refund.isPending}
          onClick={() => {
            refund.reset();
            setAsking(null);
          }}
        >
          Back
        </button>
        {refund.error ? (
          <p className="kc-error" role="alert">
            Not refunded: {refund.error.message}
          </p>
        ) : null}
      </fieldset>
    );

  return (
    <form className="kc-form" aria-label={`Refund ${order.reference}`} onSubmit={review}>
      <div className="kc-row">
        <Field label={`Amount (${order.currency})`} hint="All that is left, unless you change it">
          <input
            name="amount"
            inputMode="decimal"
            value={amountText}
            // biome-ignore lint/a11y/noAutofocus: opened on request, the amount is what the vendor came for
            autoFocus
            onChange={(e) => setAmountText(e.target.value)}
          />
        </Field>
        <Field label="Reason" hint="Optional; kept with the refund">
          <input name="reason" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <Field label="The license">
          <select
            name="licenseAction"
            value={choice}
            onChange={(e) => setChoice(e.target.value as LicenseChoice)}
          >
            {choices.map((c) => (
              <option key={c} value={c}>
                {licenseChoiceLabel(c, productOnRefund)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {refundsOutside(order.gateway) ? (
        <small className="kc-muted">
          UPI Gateway has no refund API: pay the buyer back yourself, and Keyway records the refund as made
          outside Keyway.
        </small>
      ) : null}
      <ErrorNote error={invalid ? { message: invalid } : null} />
      <div className="kc-actions">
        <button type="submit">Review refund</button>
        <button type="button" className="kc-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
