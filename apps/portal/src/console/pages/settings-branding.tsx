import type { VendorSettings } from "@keyway/schema";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTRPC } from "../trpc";
import { Card, ErrorNote, Field } from "../ui";

const formOf = (s: VendorSettings) => ({
  supportEmail: s.supportEmail ?? "",
  brandColor: s.brandColor ?? "#2f6feb",
  brandLogoUrl: s.brandLogoUrl ?? "",
  messagesToBoth: s.messagesToBoth,
});

/** How customer messages look and where replies go: support address, colour, logo, email and SMS both. */
export function MessageBrandingCard({
  settings,
  owner,
  onSaved,
}: {
  settings: VendorSettings;
  owner: boolean;
  onSaved: (s: VendorSettings) => void;
}) {
  const trpc = useTRPC();
  const update = useMutation(trpc.vendorSettings.update.mutationOptions({ onSuccess: onSaved }));
  const [f, setF] = useState(() => formOf(settings));
  useEffect(() => setF(formOf(settings)), [settings]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      supportEmail: f.supportEmail.trim() || null,
      brandColor: f.brandColor || null,
      brandLogoUrl: f.brandLogoUrl.trim() || null,
      messagesToBoth: f.messagesToBoth,
    });
  };
  return (
    <Card title="Messages to customers">
      <p className="kc-muted">
        Purchase, payment and reminder messages go out in your store's name. Edit their words on the Messages
        page.
      </p>
      <form className="kc-form" aria-label="Messages to customers" onSubmit={submit}>
        <div className="kc-row">
          <Field label="Support email" hint="Customers' replies go here">
            <input
              name="supportEmail"
              type="email"
              value={f.supportEmail}
              disabled={!owner}
              onChange={(e) => setF({ ...f, supportEmail: e.target.value })}
            />
          </Field>
          <Field label="Brand colour" hint="Buttons and the top border of emails">
            <input
              name="brandColor"
              type="color"
              value={f.brandColor}
              disabled={!owner}
              onChange={(e) => setF({ ...f, brandColor: e.target.value })}
            />
          </Field>
        </div>
        <Field label="Logo URL" hint="An https:// address of an image, about 40 pixels high">
          <input
            name="brandLogoUrl"
            type="url"
            value={f.brandLogoUrl}
            disabled={!owner}
            onChange={(e) => setF({ ...f, brandLogoUrl: e.target.value })}
          />
        </Field>
        <label className="kc-check">
          <input
            type="checkbox"
            name="messagesToBoth"
            checked={f.messagesToBoth}
            disabled={!owner}
            onChange={(e) => setF({ ...f, messagesToBoth: e.target.checked })}
          />{" "}
          Send by email and SMS when a customer gave both
        </label>
        <ErrorNote error={update.error} />
        {update.isSuccess && !update.isPending ? <small role="status">Saved.</small> : null}
        {owner ? <button type="submit">Save message settings</button> : null}
      </form>
    </Card>
  );
}
