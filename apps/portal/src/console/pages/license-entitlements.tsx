import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "../trpc";
import { Card, Empty, ErrorNote, Field } from "../ui";

/**
 * A license's effective entitlements (its product's, plan's, own grants and active add-ons', as
 * core works them out) and the grants to this license alone, which the vendor adds and removes here.
 */
export function LicenseEntitlements({ licenseId, effective }: { licenseId: string; effective: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const own = useQuery(trpc.entitlement.licenseGrants.queryOptions({ licenseId }));
  const all = useQuery(trpc.entitlement.list.queryOptions({ limit: 100 }));
  const done = {
    onSuccess: () => {
      void queryClient.invalidateQueries(trpc.entitlement.pathFilter());
      void queryClient.invalidateQueries(trpc.license.pathFilter());
    },
  };
  const grant = useMutation(trpc.entitlement.attachToLicense.mutationOptions(done));
  const remove = useMutation(trpc.entitlement.detachFromLicense.mutationOptions(done));
  const [chosen, setChosen] = useState("");
  const ownCodes = own.data?.entitlements ?? [];
  const grantable = (all.data?.items ?? []).filter((e) => !ownCodes.includes(e.code));
  const idOf = (code: string) => all.data?.items.find((e) => e.code === code)?.id;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const entitlementId = chosen || grantable[0]?.id;
    if (entitlementId) grant.mutate({ licenseId, entitlementId }, { onSuccess: () => setChosen("") });
  };
  return (
    <Card title="Entitlements">
      {effective.length ? (
        <p data-testid="license-entitlements">
          {effective.map((code, i) => (
            <span key={code}>
              {i > 0 ? " " : null}
              <code className="kc-badge">{code}</code>
            </span>
          ))}
        </p>
      ) : (
        <Empty>This license grants no entitlements.</Empty>
      )}
      {ownCodes.length ? (
        <dl className="kc-dl">
          <dt>Granted to this license</dt>
          <dd>
            {ownCodes.map((code) => {
              const id = idOf(code);
              return (
                <span key={code}>
                  <code>{code}</code>{" "}
                  {id ? (
                    <button
                      type="button"
                      className="kc-link"
                      aria-label={`Remove ${code}`}
                      onClick={() => remove.mutate({ licenseId, entitlementId: id })}
                    >
                      Remove
                    </button>
                  ) : null}{" "}
                </span>
              );
            })}
          </dd>
        </dl>
      ) : null}
      {grantable.length ? (
        <form className="kc-inline" onSubmit={submit} aria-label="Grant an entitlement">
          <Field label="Grant to this license">
            <select name="entitlement" value={chosen} onChange={(e) => setChosen(e.target.value)}>
              {grantable.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.code} — {e.name}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" disabled={grant.isPending}>
            Grant
          </button>
        </form>
      ) : null}
      <ErrorNote error={grant.error ?? remove.error ?? own.error} />
    </Card>
  );
}
