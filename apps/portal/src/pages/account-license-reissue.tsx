import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../app/trpc";
import { CopyButton, ErrorNotice } from "../app/ui";

/**
 * "Get a new key" on one of the customer's licenses: asks in the page first, then shows the new
 * key. The old key stops working at once; seats, expiry and history stay with the license.
 */
export function ReissueKey({ licenseId, productName }: { licenseId: string; productName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [newKey, setNewKey] = useState<string | null>(null);
  const reissue = useMutation(
    trpc.customer.reissueLicenseKey.mutationOptions({
      onSuccess: (license) => {
        setAsking(false);
        setNewKey(license.key);
        return queryClient.invalidateQueries({ queryKey: trpc.customer.licenses.queryKey() });
      },
    }),
  );
  return (
    <>
      {newKey ? (
        <section className="notice success" role="status" aria-label="Your new key">
          <p>
            <strong>Your new key:</strong> <code data-testid="new-key">{newKey}</code>{" "}
            <CopyButton text={newKey} label="Copy new key" />
          </p>
          <p className="small">The old key no longer works: put this one in your software.</p>
        </section>
      ) : null}
      {reissue.error ? <ErrorNotice error={reissue.error} /> : null}
      {asking ? (
        <section className="notice info" aria-label={`Get a new key for ${productName}?`}>
          <p>
            <strong>Get a new key for {productName}?</strong> The current key stops working at once, on every
            device. Your seats, expiry and history stay as they are.
          </p>
          <div className="row">
            <button
              type="button"
              className="btn danger small"
              disabled={reissue.isPending}
              onClick={() => reissue.mutate({ licenseId })}
            >
              Yes, get a new key
            </button>
            <button type="button" className="btn secondary small" onClick={() => setAsking(false)}>
              Keep the current key
            </button>
          </div>
        </section>
      ) : (
        <button type="button" className="btn secondary small no-print" onClick={() => setAsking(true)}>
          Get a new key
        </button>
      )}
    </>
  );
}
