import { GATEWAY_LABELS, GATEWAYS, type VendorSettings } from "@keyway/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTRPC } from "../trpc";
import { Card, ErrorNote, Field, PageHeader } from "../ui";
import { MessageBrandingCard } from "./settings-branding";
import { GatewaysCard } from "./settings-gateways";
import { ReminderSettingsCard } from "./settings-reminders";
import { SigningKeysCard } from "./settings-signing-keys";
import { TeamCards } from "./team";

/**
 * Name, brand URL (JFramework), time zone, currency, renewal reminders, gateways (stored
 * encrypted; settings-gateways.tsx), signing keys (settings-signing-keys.tsx).
 */
export default function SettingsPage({ role, userId }: { role: string; userId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.vendorSettings.get.queryOptions());
  const onSaved = (s: VendorSettings) => {
    queryClient.setQueryData(trpc.vendorSettings.get.queryKey(), s);
    void queryClient.invalidateQueries(trpc.account.session.queryFilter());
  };
  const update = useMutation(trpc.vendorSettings.update.mutationOptions({ onSuccess: onSaved }));
  const [f, setF] = useState({
    name: "",
    brandUrl: "",
    timezone: "",
    currency: "",
    defaultGateway: "sandbox" as VendorSettings["defaultGateway"],
  });
  const s = settings.data;
  useEffect(() => {
    if (s)
      setF({
        name: s.name,
        brandUrl: s.brandUrl ?? "",
        timezone: s.timezone,
        currency: s.currency,
        defaultGateway: s.defaultGateway,
      });
  }, [s]);
  if (!s) return <p className="kc-loading">Loading…</p>;
  const owner = role === "owner";
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ ...f, brandUrl: f.brandUrl || null });
  };
  return (
    <>
      <PageHeader title="Settings" />
      <Card title="Store">
        <form className="kc-form" onSubmit={submit}>
          <div className="kc-row">
            <Field label="Name">
              <input
                name="name"
                value={f.name}
                disabled={!owner}
                onChange={(e) => setF({ ...f, name: e.target.value })}
              />
            </Field>
            <Field label="Brand URL" hint="JFramework's Brand-URL header">
              <input
                name="brandUrl"
                value={f.brandUrl}
                disabled={!owner}
                onChange={(e) => setF({ ...f, brandUrl: e.target.value })}
              />
            </Field>
          </div>
          <div className="kc-row">
            <Field label="Time zone">
              <input
                name="timezone"
                value={f.timezone}
                disabled={!owner}
                onChange={(e) => setF({ ...f, timezone: e.target.value })}
              />
            </Field>
            <Field label="Currency">
              <input
                name="currency"
                maxLength={3}
                value={f.currency}
                disabled={!owner}
                onChange={(e) => setF({ ...f, currency: e.target.value })}
              />
            </Field>
            <Field label="Default gateway">
              <select
                name="defaultGateway"
                value={f.defaultGateway}
                disabled={!owner}
                onChange={(e) =>
                  setF({ ...f, defaultGateway: e.target.value as VendorSettings["defaultGateway"] })
                }
              >
                {GATEWAYS.map((g) => (
                  <option key={g} value={g}>
                    {GATEWAY_LABELS[g]}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <ErrorNote error={update.error} />
          {owner ? <button type="submit">Save</button> : <small>Only an owner can change settings.</small>}
        </form>
      </Card>
      <ReminderSettingsCard settings={s} owner={owner} onSaved={onSaved} />
      <MessageBrandingCard settings={s} owner={owner} onSaved={onSaved} />
      <GatewaysCard settings={s} owner={owner} onSaved={onSaved} />
      <TeamCards role={role} userId={userId} />
      <SigningKeysCard slug={s.slug} owner={owner} />
    </>
  );
}
