import { activations, and, desc, type Executor, eq, isNotNull, ne } from "@keyway/db";
import { queueCustomerMessage } from "./queue-message";

/**
 * `license.moved`: the customer hears that their license now runs on another domain or device.
 * A move is a new binding (`license.bound`) whose license's last seat change before it was a
 * release (by hand, by the API, or a floating seat that died): the seat went from the released
 * value to the new one. A first binding, or one more seat taken beside those held, is no move.
 * Queued in the binding's transaction, under the license's row lock; caused by the
 * `license.bound` event (one message per binding). Reads nothing unless a seat was just taken.
 */
export async function queueLicenseMoved(
  tx: Executor,
  params: {
    license: { id: string; vendorId: string; customerId: string | null };
    /** The seat just taken. */
    activation: { id: string; kind: string; value: string; label: string | null };
    /** The `license.bound` event. */
    eventId: string;
    now: Date;
  },
): Promise<void> {
  const { license, activation } = params;
  if (!license.customerId) return;
  const others = and(eq(activations.licenseId, license.id), ne(activations.id, activation.id));
  const [released] = await tx
    .select({ value: activations.value, label: activations.label, at: activations.deactivatedAt })
    .from(activations)
    .where(and(others, isNotNull(activations.deactivatedAt)))
    .orderBy(desc(activations.deactivatedAt))
    .limit(1);
  if (!released?.at || released.value === activation.value) return;
  const [bound] = await tx
    .select({ at: activations.activatedAt })
    .from(activations)
    .where(others)
    .orderBy(desc(activations.activatedAt))
    .limit(1);
  // Another seat was taken after that release: this binding is one more seat, not the move.
  if (bound && bound.at > released.at) return;
  await queueCustomerMessage(tx, {
    vendorId: license.vendorId,
    customerId: license.customerId,
    licenseId: license.id,
    eventId: params.eventId,
    kind: "license.moved",
    facts: {
      binding_kind: activation.kind,
      moved_from: released.label ?? released.value,
      moved_to: activation.label ?? activation.value,
    },
    now: params.now,
  });
}
