import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { ErrorNote } from "../ui";

/** Support's button on a paid purchase: the customer gets the purchase message (with the keys) again. */
export function ResendPurchaseMessage({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const resend = useMutation(
    trpc.message.resendPurchase.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.message.list.pathFilter()),
    }),
  );
  return (
    <div className="kc-inline">
      <button
        type="button"
        className="kc-secondary"
        disabled={resend.isPending}
        onClick={() => resend.mutate({ orderId })}
      >
        Resend purchase message
      </button>
      {resend.data ? (
        <small role="status">
          {resend.data.queued > 0
            ? "Queued: the customer gets the purchase message again in a moment."
            : "Nothing was queued: this kind of message is turned off, or the customer has no address."}
        </small>
      ) : null}
      <ErrorNote error={resend.error} />
    </div>
  );
}
