import type { MessageTemplate } from "@keyway/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { Card, ErrorNote, PageHeader } from "../ui";
import { MessageLog } from "./message-log";
import { TemplateEditor } from "./messages-editor";

/**
 * What customers hear from the store: every kind of message, on or off, in the built-in words
 * or the store's own (edited with a live preview), and the log of what was sent.
 */
export default function MessagesPage({ role }: { role: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const templates = useQuery(trpc.message.templates.queryOptions());
  const onSaved = (saved: MessageTemplate) =>
    queryClient.setQueryData(trpc.message.templates.queryKey(), (list) =>
      list?.map((t) => (t.kind === saved.kind ? saved : t)),
    );
  // The switch moves at once; the server's answer (or a refusal) settles it.
  const [switching, setSwitching] = useState<Record<string, boolean>>({});
  const toggle = useMutation(
    trpc.message.saveTemplate.mutationOptions({
      onSuccess: onSaved,
      onSettled: (_data, _error, { kind }) => setSwitching(({ [kind]: _done, ...rest }) => rest),
    }),
  );
  const [editing, setEditing] = useState<string | null>(null);
  const [failedOnly, setFailedOnly] = useState(false);
  const owner = role === "owner";
  const list = templates.data ?? [];
  const current = list.find((t) => t.kind === editing);
  return (
    <>
      <PageHeader title="Messages" />
      <Card title="What customers get">
        <p className="kc-muted">
          Sent in your store's name, with replies going to your support address (Settings → Messages).
          Reminders carry a one-click unsubscribe; purchase and payment messages always go.
        </p>
        <ErrorNote error={templates.error ?? toggle.error} />
        <table className="kc-table" data-testid="message-templates">
          <thead>
            <tr>
              <th>Message</th>
              <th>Kind</th>
              <th>Words</th>
              <th>Sent</th>
              <th>
                <span className="kc-muted">Edit</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((t) => (
              <tr key={t.kind} data-kind={t.kind}>
                <td data-label="Message">
                  {t.label}
                  <br />
                  <small className="kc-muted">{t.kind}</small>
                </td>
                <td data-label="Kind">{t.class === "reminder" ? "Reminder" : "Transactional"}</td>
                <td data-label="Words">{t.override ? "Your own" : "Built-in"}</td>
                <td data-label="Sent">
                  <label className="kc-check">
                    <input
                      type="checkbox"
                      checked={switching[t.kind] ?? t.enabled}
                      disabled={!owner}
                      aria-label={`Send “${t.label}”`}
                      onChange={(e) => {
                        setSwitching({ ...switching, [t.kind]: e.target.checked });
                        toggle.mutate({ kind: t.kind, enabled: e.target.checked });
                      }}
                    />{" "}
                    {(switching[t.kind] ?? t.enabled) ? "On" : "Off"}
                  </label>
                </td>
                <td data-label="Edit">
                  <button
                    type="button"
                    className="kc-secondary"
                    aria-label={`${editing === t.kind ? "Close" : owner ? "Edit" : "View"} “${t.label}”`}
                    onClick={() => setEditing(editing === t.kind ? null : t.kind)}
                  >
                    {editing === t.kind ? "Close" : owner ? "Edit" : "View"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      {current ? (
        <TemplateEditor
          key={current.kind}
          template={current}
          owner={owner}
          onSaved={onSaved}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <Card>
        <label className="kc-check">
          <input type="checkbox" checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} />{" "}
          Only messages that failed
        </label>
      </Card>
      <MessageLog title="Sent messages" status={failedOnly ? "failed" : undefined} />
    </>
  );
}
