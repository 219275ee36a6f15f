import type { LicenseAction } from "@keyway/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useParams } from "react-router";
import { formatDate } from "../format";
import { ConfirmButton, InlineForm } from "../inline-dialogs";
import { useTRPC } from "../trpc";
import { Card, Empty, ErrorNote, PageHeader, StatusBadge } from "../ui";

/** One license: seats, timeline, and the vendor's actions (suspend, reinstate, revoke, extend, release a seat). */
export default function LicenseDetailPage() {
  const { licenseId = "" } = useParams();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const license = useQuery(trpc.license.get.queryOptions({ licenseId }));
  const events = useQuery(trpc.license.listEvents.queryOptions({ licenseId, limit: 50 }));
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
  const [extending, setExtending] = useState(false);
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
            {can("reinstate") ? (
              <button type="button" className="kc-secondary" onClick={() => reinstate.mutate({ licenseId })}>
                Reinstate
              </button>
            ) : null}
            {can("suspend") ? (
              <button type="button" className="kc-secondary" onClick={() => suspend.mutate({ licenseId })}>
                Suspend
              </button>
            ) : null}
            {can("extend") && extending ? (
              <InlineForm
                label="New expiry (YYYY-MM-DD, empty = never)"
                name="expiresAt"
                initial={l.expiresAt?.slice(0, 10) ?? ""}
                submitLabel="Extend"
                disabled={extend.isPending}
                onSubmit={(value) => {
                  extend.mutate({
                    licenseId,
                    expiresAt: value ? new Date(`${value}T23:59:59Z`).toISOString() : null,
                  });
                  return undefined;
                }}
                onCancel={() => setExtending(false)}
              />
            ) : can("extend") ? (
              <button type="button" className="kc-secondary" onClick={() => setExtending(true)}>
                Extend
              </button>
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
          error={suspend.error ?? reinstate.error ?? revoke.error ?? extend.error ?? release.error}
        />
        <dl className="kc-dl">
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
          <dd>{l.expiresAt ? formatDate(l.expiresAt) : "never"}</dd>
          <dt>Last verified</dt>
          <dd>{formatDate(l.lastVerifiedAt)}</dd>
          <dt>Order</dt>
          <dd>{l.orderId ?? "—"}</dd>
        </dl>
      </Card>
      <Card title="Seats">
        {l.activations.length ? (
          <table className="kc-table">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Value</th>
                <th>Activated</th>
                <th>Last verified</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {l.activations.map((a) => (
                <tr key={a.id}>
                  <td>{a.kind}</td>
                  <td>{a.label ?? a.value}</td>
                  <td>{formatDate(a.activatedAt)}</td>
                  <td>{formatDate(a.lastVerifiedAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="kc-secondary"
                      onClick={() => release.mutate({ activationId: a.id })}
                    >
                      Release seat
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>Not bound yet: the first verification binds it.</Empty>
        )}
      </Card>
      <Card title="Timeline">
        {events.data?.items.length ? (
          <ol className="kc-timeline">
            {events.data.items.map((e) => (
              <li key={e.id}>
                <strong>{e.type}</strong> <small>{formatDate(e.createdAt)}</small>{" "}
                <small className="kc-muted">{e.actor}</small>
                {e.type === "message.sent" || e.type === "message.failed" ? (
                  <small> {messageNote(e.data)}</small>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <Empty>No events yet.</Empty>
        )}
      </Card>
    </>
  );
}

/** A reminder on the timeline: what, how and to whom (masked), and why it failed. */
function messageNote(data: Record<string, unknown>): string {
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const how = `${text(data.kind)} by ${data.channel === "sms" ? "SMS" : "email"} to ${text(data.destination)}`;
  return data.error ? `${how}: ${text(data.error)}` : how;
}
