import {
  BIZNOQ_WEBHOOK_EVENTS,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_FORMATS,
  type WebhookDelivery,
  type WebhookEndpoint,
} from "@keyway/schema";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { formatDate } from "../format";
import { ConfirmButton } from "../inline-dialogs";
import { useTRPC } from "../trpc";
import { Card, Empty, ErrorNote, Field, OnceSecret, PageHeader, StatusBadge } from "../ui";

const formatLabel: Record<WebhookEndpoint["format"], string> = {
  native: "Native",
  biznoq: "Biznoq (payment events)",
};
/** The events an endpoint of each format can receive. */
const eventsOf = (format: WebhookEndpoint["format"]): readonly string[] =>
  format === "biznoq" ? BIZNOQ_WEBHOOK_EVENTS : WEBHOOK_EVENT_TYPES;

/** Endpoints (format, events, secret rotation), deliveries with attempts, replay and a test send. */
export default function WebhooksPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const endpoints = useQuery(trpc.webhookEndpoint.list.queryOptions());
  const [selected, setSelected] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.webhookEndpoint.pathFilter());
    void queryClient.invalidateQueries(trpc.webhookDelivery.pathFilter());
  };
  const create = useMutation(
    trpc.webhookEndpoint.create.mutationOptions({
      onSuccess: (e) => {
        setSecret(e.secret);
        setSelected(e.id);
        refresh();
      },
    }),
  );
  const [f, setF] = useState({
    url: "",
    description: "",
    format: "native" as WebhookEndpoint["format"],
    events: [] as string[],
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { url: f.url, description: f.description || undefined, format: f.format, events: f.events },
      { onSuccess: () => setF({ ...f, url: "", description: "" }) },
    );
  };
  const items = endpoints.data?.items ?? [];
  const current = items.find((e) => e.id === selected) ?? items[0];
  return (
    <>
      <PageHeader title="Webhooks" />
      {secret ? (
        <Card>
          <OnceSecret
            label="Signing secret (Standard Webhooks)"
            value={secret}
            onDone={() => setSecret(null)}
          />
        </Card>
      ) : null}
      <Card title="Add an endpoint">
        <form className="kc-form" onSubmit={submit} aria-label="Add an endpoint">
          <div className="kc-row">
            <Field label="URL">
              <input
                name="url"
                type="url"
                required
                placeholder="https://example.com/hooks"
                value={f.url}
                onChange={(e) => setF({ ...f, url: e.target.value })}
              />
            </Field>
            <Field label="Description">
              <input
                name="description"
                value={f.description}
                onChange={(e) => setF({ ...f, description: e.target.value })}
              />
            </Field>
            <Field label="Body format">
              <select
                name="format"
                value={f.format}
                onChange={(e) => setF({ ...f, format: e.target.value as WebhookEndpoint["format"] })}
              >
                {WEBHOOK_FORMATS.map((format) => (
                  <option key={format} value={format}>
                    {formatLabel[format]}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <fieldset className="kc-events">
            <legend>Events (none ticked = all)</legend>
            {eventsOf(f.format).map((ev) => (
              <label key={ev} className="kc-check">
                <input
                  type="checkbox"
                  checked={f.events.includes(ev)}
                  onChange={(e) =>
                    setF({
                      ...f,
                      events: e.target.checked ? [...f.events, ev] : f.events.filter((x) => x !== ev),
                    })
                  }
                />
                {ev}
              </label>
            ))}
          </fieldset>
          <ErrorNote error={create.error} />
          <button type="submit" disabled={create.isPending}>
            Add endpoint
          </button>
        </form>
      </Card>
      <Card title="Endpoints">
        {items.length ? (
          <table className="kc-table">
            <thead>
              <tr>
                <th>URL</th>
                <th>Format</th>
                <th>Events</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <EndpointRow
                  key={e.id}
                  endpoint={e}
                  selected={current?.id === e.id}
                  onSelect={() => setSelected(e.id)}
                  onSecret={setSecret}
                />
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No endpoints yet.</Empty>
        )}
      </Card>
      {current ? <Deliveries endpointId={current.id} url={current.url} /> : null}
    </>
  );
}

function EndpointRow({
  endpoint: e,
  selected,
  onSelect,
  onSecret,
}: {
  endpoint: WebhookEndpoint;
  selected: boolean;
  onSelect: () => void;
  onSecret: (s: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.webhookEndpoint.pathFilter());
    void queryClient.invalidateQueries(trpc.webhookDelivery.pathFilter());
  };
  const sendTest = useMutation(trpc.webhookEndpoint.sendTest.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(
    trpc.webhookEndpoint.rotateSecret.mutationOptions({
      onSuccess: (r) => {
        onSecret(r.secret);
        refresh();
      },
    }),
  );
  const update = useMutation(trpc.webhookEndpoint.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.webhookEndpoint.delete.mutationOptions({ onSuccess: refresh }));
  return (
    <tr className={selected ? "kc-selected" : undefined}>
      <td>
        <button type="button" className="kc-link" onClick={onSelect}>
          {e.url}
        </button>
        {e.description ? <small> {e.description}</small> : null}
      </td>
      <td>{e.format}</td>
      <td>{e.events.length ? e.events.join(", ") : "all"}</td>
      <td>
        <StatusBadge status={e.flaggedAt ? "failing" : e.status} />
      </td>
      <td className="kc-actions">
        <button type="button" className="kc-secondary" onClick={() => sendTest.mutate({ id: e.id })}>
          Send test
        </button>
        <button
          type="button"
          className="kc-secondary"
          onClick={() => rotate.mutate({ id: e.id, overlapHours: 24 })}
        >
          Rotate secret
        </button>
        <button
          type="button"
          className="kc-secondary"
          onClick={() => update.mutate({ id: e.id, disabled: e.status === "active" })}
        >
          {e.status === "active" ? "Disable" : "Enable"}
        </button>
        <ConfirmButton
          label="Delete"
          message={`Delete the endpoint ${e.url}?`}
          onConfirm={() => remove.mutate({ id: e.id })}
        />
      </td>
    </tr>
  );
}

function Deliveries({ endpointId, url }: { endpointId: string; url: string }) {
  const trpc = useTRPC();
  const deliveries = useQuery({
    ...trpc.webhookDelivery.list.queryOptions({ endpointId, limit: 20 }),
    refetchInterval: 3000,
  });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card title={`Deliveries to ${url}`}>
      {deliveries.data?.items.length ? (
        <table className="kc-table" data-testid="deliveries">
          <thead>
            <tr>
              <th>Event</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last response</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {deliveries.data.items.map((d) => (
              <DeliveryRow
                key={d.id}
                delivery={d}
                open={open === d.id}
                onToggle={() => setOpen(open === d.id ? null : d.id)}
              />
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>No deliveries yet. “Send test” queues one.</Empty>
      )}
    </Card>
  );
}

function DeliveryRow({
  delivery: d,
  open,
  onToggle,
}: {
  delivery: WebhookDelivery;
  open: boolean;
  onToggle: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const replay = useMutation(
    trpc.webhookDelivery.replay.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.webhookDelivery.pathFilter()),
    }),
  );
  return (
    <>
      <tr>
        <td>
          <button type="button" className="kc-link" onClick={onToggle}>
            {d.eventType}
          </button>
        </td>
        <td>
          <StatusBadge status={d.status} />
        </td>
        <td>{d.attempts}</td>
        <td>{d.lastStatusCode ?? d.lastError ?? "—"}</td>
        <td>{formatDate(d.createdAt)}</td>
        <td>
          <button type="button" className="kc-secondary" onClick={() => replay.mutate({ id: d.id })}>
            Replay
          </button>
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={6}>
            <pre className="kc-pre">{JSON.stringify(d.payload, null, 2)}</pre>
            <ol className="kc-timeline">
              {d.attemptLog.map((a) => (
                <li key={a.id}>
                  #{a.attempt} · {a.statusCode ?? a.error ?? "no answer"} · {a.durationMs} ms ·{" "}
                  {formatDate(a.createdAt)}
                </li>
              ))}
            </ol>
          </td>
        </tr>
      ) : null}
    </>
  );
}
