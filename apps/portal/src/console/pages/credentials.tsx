import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { formatDate } from "../format";
import { ConfirmButton } from "../inline-dialogs";
import { useTRPC } from "../trpc";
import { Card, Empty, ErrorNote, OnceSecret, PageHeader, StatusBadge } from "../ui";

/** API credentials: the Biznoq key/secret pair, Bearer, and JFramework's Auth-Key come from here. */
export default function CredentialsPage({ role }: { role: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [issued, setIssued] = useState<{ key: string; secret: string } | null>(null);
  const list = useQuery({ ...trpc.credential.list.queryOptions(), enabled: role === "owner" });
  const settings = useQuery(trpc.vendorSettings.get.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.credential.pathFilter());
  const onIssued = (r: { credential: { key: string }; secret: string }) => {
    setIssued({ key: r.credential.key, secret: r.secret });
    void refresh();
  };
  const create = useMutation(trpc.credential.create.mutationOptions({ onSuccess: onIssued }));
  const rotate = useMutation(trpc.credential.rotate.mutationOptions({ onSuccess: onIssued }));
  const revoke = useMutation(trpc.credential.revoke.mutationOptions({ onSuccess: () => void refresh() }));

  if (role !== "owner") {
    return (
      <>
        <PageHeader title="API credentials" />
        <Empty>Only an owner of this store can manage API credentials.</Empty>
      </>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name }, { onSuccess: () => setName("") });
  };
  return (
    <>
      <PageHeader title="API credentials" />
      {issued ? (
        <Card>
          <OnceSecret label="Your new API secret" value={issued.secret} onDone={() => setIssued(null)} />
          <dl className="kc-dl">
            <dt>x-api-key (Biznoq)</dt>
            <dd>
              <code data-testid="issued-key">{issued.key}</code>
            </dd>
            <dt>x-api-secret / Bearer / Auth-Key</dt>
            <dd>the secret above</dd>
            <dt>Brand-URL (JFramework)</dt>
            <dd>{settings.data?.brandUrl ?? "set it under Settings"}</dd>
          </dl>
        </Card>
      ) : null}
      <Card title="Create a credential">
        <form className="kc-inline" onSubmit={submit}>
          <input
            aria-label="Credential name"
            placeholder="e.g. Billing server"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" disabled={create.isPending}>
            Create API key
          </button>
        </form>
        <ErrorNote error={create.error ?? rotate.error ?? revoke.error} />
      </Card>
      <Card title="Credentials">
        {list.data?.length ? (
          <table className="kc-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Secret</th>
                <th>Last used</th>
                <th>Created</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>
                    <code>{c.key}</code>
                  </td>
                  <td>
                    <code>…{c.secretHint}</code>
                  </td>
                  <td>{c.lastUsedAt ? formatDate(c.lastUsedAt) : "never"}</td>
                  <td>{formatDate(c.createdAt)}</td>
                  <td className="kc-actions">
                    {c.revokedAt ? (
                      <StatusBadge status="revoked" />
                    ) : (
                      <>
                        <button
                          type="button"
                          className="kc-secondary"
                          onClick={() => rotate.mutate({ credentialId: c.id })}
                        >
                          Rotate
                        </button>
                        <ConfirmButton
                          label="Revoke"
                          message={`Revoke “${c.name}”? Requests using it stop working at once.`}
                          onConfirm={() => revoke.mutate({ credentialId: c.id })}
                        />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No API credentials yet.</Empty>
        )}
      </Card>
    </>
  );
}
