import type { LicenseAction } from "@keyway/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useParams } from "react-router";
import { formatDate } from "../format";
import { ConfirmButton } from "../inline-dialogs";
import { useTRPC } from "../trpc";
import { Card, Empty, ErrorNote, PageHeader, StatusBadge } from "../ui";
import { LicenseCustomer, LicenseOrderLink } from "./license-customer";
import { formatDay } from "./license-dates";
import { LicenseEditForm } from "./license-edit";
import { LicenseEntitlements } from "./license-entitlements";
import { ExtendForm } from "./license-extend";
import { LicenseSeats } from "./license-seats";
import { MessageLog } from "./message-log";

/** One license: seats, timeline, and the vendor's actions (suspend, reinstate, revoke, extend, release a seat). */
export default function LicenseDetailPage() {
  const { licenseId = "" } = useParams();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const license = useQuery(trpc.license.get.queryOptions({ licenseId }));
  // Expiry days are the vendor's: picked and shown in the store's time zone, not the browser's.
  const session = useQuery(trpc.account.session.queryOptions());
  const timeZone = session.data?.vendor.timezone ?? "UTC";
  const events = useQuery(trpc.license.timeline.queryOptions({ licenseId, limit: 50 }));
  const done = {
    onSuccess: () => {
      void queryClient.invalidateQueries(trpc.license.pathFilter());
      void queryClient.invalidateQueries(trpc.dashboard.searchLicenses.pathFilter());
    },
  };
  const suspend = useMutation(trpc.license.suspend.mutationOptions(done));
  const reinstate = useMutation(trpc.license.reinstate.mutationOptions(done));
  const revoke = useMutation(trpc.license.revoke.mutationOptions(done));
  const extend = useMutation(trpc.license.extend.mutationOptions(done));
  const release = useMutation(trpc.license.releaseActivation.mutationOptions(done));
  const update = useMutation(trpc.license.update.mutationOptions(done));
  const reissue = useMutation(trpc.license.reissueKey.mutationOptions(done));
  const [extending, setExtending] = useState(false);
  const [editing, setEditing] = useState(false);
  const l = license.data;
  if (license.error) return <ErrorNote error={license.error} />;
  if (!l) return <p className="kc-loading">Loading…</p>;
  // Core lists what it would take; anything else it refuses (or it would change nothing).
  const can = (action: LicenseAction) => l.allowedActions.includes(action);
  return (
    <>
      <PageHeader title={l.key}>
        <StatusBadge status={l.status} />
      </PageHeader>
      <Card
        title="License"
        actions={
          <div className="kc-actions" data-testid="license-actions">
            {editing || !can("update") ? null : (
              <button type="button" className="kc-secondary" onClick={() => setEditing(true)}>
                Edit
              </button>
            )}
            {can("reissue_key") ? (
              <ConfirmButton
                label="Reissue key"
                message="Give this license a new key? The current key stops working at once."
                className="kc-secondary"
                onConfirm={() => reissue.mutate({ licenseId })}
              />
            ) : null}
            {can("reinstate") ? (
              <button type="button" className="kc-secondary" onClick={() => reinstate.mutate({ licenseId })}>
                Reinstate
              </button>
            ) : null}
            {can("suspend") ? (
              <ConfirmButton
                label="Suspend"
                message="Suspend this license? It stops working until you reinstate it."
                className="kc-secondary"
                onConfirm={() => suspend.mutate({ licenseId })}
              />
            ) : null}
            {can("extend") && extending ? (
              <ExtendForm
                expiresAt={l.expiresAt}
                timeZone={timeZone}
                disabled={extend.isPending}
                onExtend={(expiresAt) =>
                  extend.mutate({ licenseId, expiresAt }, { onSuccess: () => setExtending(false) })
                }
                onCancel={() => setExtending(false)}
              />
            ) : can("extend") ? (
              <button type="button" className="kc-secondary" onClick={() => setExtending(true)}>
                Extend
              </button>
            ) : null}
            {can("extend") && l.expiresAt ? (
              <ConfirmButton
                label="Make perpetual"
                message="Make this license perpetual? It will never expire."
                className="kc-secondary"
                onConfirm={() => extend.mutate({ licenseId, expiresAt: null })}
              />
            ) : null}
            {can("revoke") ? (
              <ConfirmButton
                label="Revoke"
                message="Revoke this license for good?"
                onConfirm={() => revoke.mutate({ licenseId })}
              />
            ) : null}
          </div>
        }
      >
        <ErrorNote
          error={
            suspend.error ?? reinstate.error ?? revoke.error ?? extend.error ?? release.error ?? reissue.error
          }
        />
        {editing ? (
          <LicenseEditForm
            license={l}
            disabled={update.isPending}
            error={update.error}
            onSave={(changes) =>
              update.mutate({ licenseId, ...changes }, { onSuccess: () => setEditing(false) })
            }
            onCancel={() => setEditing(false)}
          />
        ) : null}
        <dl className="kc-dl">
          <dt>Name</dt>
          <dd data-testid="license-name">{l.name ?? "—"}</dd>
          <dt>Product</dt>
          <dd>
            {l.product.name} {l.plan ? `· ${l.plan.name}` : ""}
          </dd>
          <dt>Binding</dt>
          <dd>
            {l.bindingKind} · {l.seatsUsed}/{l.maxSeats} seats
          </dd>
          <dt>Starts</dt>
          <dd>{formatDate(l.startsAt)}</dd>
          <dt>Expires</dt>
          <dd>{l.expiresAt ? formatDay(l.expiresAt, timeZone) : "never"}</dd>
          <dt>Last verified</dt>
          <dd>{formatDate(l.lastVerifiedAt)}</dd>
          <dt>Order</dt>
          <dd>
            <LicenseOrderLink orderId={l.orderId} />
          </dd>
          <dt>Customer</dt>
          <dd>
            <LicenseCustomer customerId={l.customerId} />
          </dd>
          <dt>Metadata</dt>
          <dd>{l.metadata ? <code>{JSON.stringify(l.metadata)}</code> : "—"}</dd>
        </dl>
      </Card>
      <LicenseEntitlements licenseId={licenseId} effective={l.entitlements} />
      <LicenseSeats licenseId={licenseId} onRelease={(activationId) => release.mutate({ activationId })} />
      <Card title="Timeline">
        {events.data?.items.length ? (
          <ol className="kc-timeline">
            {events.data.items.map((e) => (
              <li key={e.id}>
                {e.description} <small className="kc-muted">{formatDate(e.createdAt)}</small>
              </li>
            ))}
          </ol>
        ) : (
          <Empty>No events yet.</Empty>
        )}
      </Card>
      <MessageLog licenseId={licenseId} />
    </>
  );
}
