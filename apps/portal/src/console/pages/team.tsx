import { VendorRole } from "@keyway/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { formatDate } from "../format";
import { ConfirmButton } from "../inline-dialogs";
import { setCsrfToken, useTRPC } from "../trpc";
import { Card, ErrorNote, Field } from "../ui";

const roleLabel: Record<VendorRole, string> = { owner: "Owner", member: "Member (no credentials, no users)" };

/** The store's users (owners manage them) and the caller's own password and sessions. */
export function TeamCards({ role, userId }: { role: string; userId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery({ ...trpc.account.listUsers.queryOptions(), enabled: role === "owner" });
  const refresh = () => void queryClient.invalidateQueries(trpc.account.listUsers.pathFilter());
  const add = useMutation(trpc.account.addUser.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.account.removeUser.mutationOptions({ onSuccess: refresh }));
  const changePassword = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: (r) => {
        // A new session replaced the old one: its CSRF token, then the session query, follow.
        setCsrfToken(r.csrfToken);
        void queryClient.invalidateQueries(trpc.account.session.queryFilter());
      },
    }),
  );
  const everywhere = useMutation(
    trpc.account.signOutEverywhere.mutationOptions({
      onSuccess: () => {
        setCsrfToken(null);
        queryClient.clear();
      },
    }),
  );
  const [member, setMember] = useState({ email: "", password: "", role: "member" as VendorRole });
  const [pw, setPw] = useState({ currentPassword: "", newPassword: "" });
  const addMember = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(member, { onSuccess: () => setMember({ email: "", password: "", role: "member" }) });
  };
  return (
    <>
      {role === "owner" ? (
        <Card title="Team">
          <table className="kc-table">
            <tbody>
              {(users.data ?? []).map((u) => (
                <tr key={u.id}>
                  <td>{u.email}</td>
                  <td>{u.role}</td>
                  <td>{formatDate(u.createdAt)}</td>
                  <td>
                    {u.id === userId ? (
                      <small className="kc-muted">you</small>
                    ) : (
                      <ConfirmButton
                        label="Remove"
                        message={`Remove ${u.email}? Their sessions end at once.`}
                        onConfirm={() => remove.mutate({ userId: u.id })}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form className="kc-inline" aria-label="Add a user" onSubmit={addMember}>
            <input
              aria-label="Email"
              type="email"
              required
              placeholder="colleague@example.com"
              value={member.email}
              onChange={(e) => setMember({ ...member, email: e.target.value })}
            />
            <input
              aria-label="Initial password"
              type="password"
              required
              placeholder="Initial password"
              value={member.password}
              onChange={(e) => setMember({ ...member, password: e.target.value })}
            />
            <select
              aria-label="Role"
              value={member.role}
              onChange={(e) => setMember({ ...member, role: e.target.value as VendorRole })}
            >
              {VendorRole.options.map((r) => (
                <option key={r} value={r}>
                  {roleLabel[r]}
                </option>
              ))}
            </select>
            <button type="submit">Add user</button>
          </form>
          <ErrorNote error={add.error ?? remove.error} />
        </Card>
      ) : null}
      <Card title="Your account">
        <form
          className="kc-inline"
          onSubmit={(e) => {
            e.preventDefault();
            changePassword.mutate(pw, { onSuccess: () => setPw({ currentPassword: "", newPassword: "" }) });
          }}
        >
          <Field label="Current password">
            <input
              type="password"
              autoComplete="current-password"
              value={pw.currentPassword}
              onChange={(e) => setPw({ ...pw, currentPassword: e.target.value })}
            />
          </Field>
          <Field label="New password">
            <input
              type="password"
              autoComplete="new-password"
              value={pw.newPassword}
              onChange={(e) => setPw({ ...pw, newPassword: e.target.value })}
            />
          </Field>
          <button type="submit" disabled={!pw.currentPassword || !pw.newPassword}>
            Change password
          </button>
        </form>
        {changePassword.isSuccess ? <p>Password changed; your other sessions were signed out.</p> : null}
        <ErrorNote error={changePassword.error ?? everywhere.error} />
        <button type="button" className="kc-secondary" onClick={() => everywhere.mutate()}>
          Sign out everywhere
        </button>
      </Card>
    </>
  );
}
