import type { SigningKeyEntry, SigningKeyList } from "@keyway/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDate } from "../format";
import { ConfirmButton } from "../inline-dialogs";
import { useTRPC } from "../trpc";
import { Card, ErrorNote, StatusBadge } from "../ui";

/** `nC7f3uV3…VbKc`: enough of a kid to tell keys apart (the full one is in its title). */
export function shortKid(kid: string): string {
  return kid.length > 14 ? `${kid.slice(0, 8)}…${kid.slice(-4)}` : kid;
}

/** When the key last changed state, in words. */
function changed(k: SigningKeyEntry): string {
  if (k.revokedAt) return `revoked ${formatDate(k.revokedAt)}`;
  if (k.retiredAt) return `retired ${formatDate(k.retiredAt)}`;
  if (k.rotatedAt) return `rotated ${formatDate(k.rotatedAt)}`;
  return "—";
}

/**
 * The store's Ed25519 signing keys (docs/signatures.md §1): the active key signs certificates and
 * answers; Rotate makes a new one (the old one still verifies until retired); Revoke stops a
 * compromised key at once. Owners only change them; everyone sees the list.
 */
export function SigningKeysCard({ slug, owner }: { slug: string; owner: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The first key pair is made on first use; asking for the list makes it.
  const list = useQuery(trpc.signingKey.list.queryOptions({ vendorSlug: slug }));
  const onChanged = (next: SigningKeyList) => {
    queryClient.setQueryData(trpc.signingKey.list.queryKey({ vendorSlug: slug }), next);
    void queryClient.invalidateQueries(trpc.license.getSigningKey.queryFilter());
  };
  const rotate = useMutation(trpc.signingKey.rotate.mutationOptions({ onSuccess: onChanged }));
  const retire = useMutation(trpc.signingKey.retire.mutationOptions({ onSuccess: onChanged }));
  const revoke = useMutation(trpc.signingKey.revoke.mutationOptions({ onSuccess: onChanged }));
  const busy = rotate.isPending || retire.isPending || revoke.isPending;
  const active = list.data?.keys.find((k) => k.status === "active");
  return (
    <Card
      title="Signing keys"
      actions={
        owner ? (
          <ConfirmButton
            label="Rotate"
            className="kc-secondary"
            message="Make a new signing key? It signs from now on; the current one still verifies what it signed until you retire it."
            confirmLabel="Rotate key"
            disabled={busy}
            onConfirm={() => rotate.mutate({})}
          />
        ) : null
      }
    >
      <p>
        Certificates and verification answers are signed with the active Ed25519 key. Verifiers trust keys
        listed as active or rotated.
      </p>
      {active ? (
        <code className="kc-pre" data-testid="signing-public-key">
          {active.x}
        </code>
      ) : null}
      <ErrorNote error={rotate.error ?? retire.error ?? revoke.error ?? list.error} />
      {list.data ? (
        <table className="kc-table" aria-label="Signing keys">
          <thead>
            <tr>
              <th>Key id</th>
              <th>Status</th>
              <th>Created</th>
              <th>Changed</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.keys.map((k) => (
              <tr key={k.kid} data-kid={k.kid}>
                <td>
                  <code title={k.kid}>{shortKid(k.kid)}</code>
                </td>
                <td>
                  <StatusBadge status={k.status} />
                </td>
                <td>{formatDate(k.createdAt)}</td>
                <td>{changed(k)}</td>
                <td className="kc-actions">
                  {owner && k.status === "rotated" ? (
                    <button
                      type="button"
                      className="kc-secondary"
                      disabled={busy}
                      onClick={() => retire.mutate({ kid: k.kid })}
                    >
                      Retire
                    </button>
                  ) : null}
                  {owner && k.status !== "revoked" ? (
                    <ConfirmButton
                      label="Revoke"
                      message={
                        k.status === "active"
                          ? "Revoke the active key? Nothing it signed verifies any more, and a new key signs from now on."
                          : "Revoke this key? Nothing it signed verifies any more."
                      }
                      disabled={busy}
                      onConfirm={() => revoke.mutate({ kid: k.kid })}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="kc-loading">Loading…</p>
      )}
      <small className="kc-muted">
        Published at <code>/api/v1/vendors/{slug}/signing-keys</code>.
      </small>
    </Card>
  );
}
