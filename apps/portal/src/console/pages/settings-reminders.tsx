import { ReminderOffsetsDays, type VendorSettings } from "@keyway/schema";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTRPC } from "../trpc";
import { Card, ErrorNote, Field } from "../ui";

/** "7, 1" → [7, 1], or the sentence to show under the field. */
export function parseOffsets(text: string): { days: number[] } | { error: string } {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.some((p) => !/^\d+$/.test(p))) return { error: "Use whole numbers of days, e.g. 7, 1." };
  const days = parts.map(Number);
  if (days.some((d) => d < 1 || d > 90)) return { error: "Each offset is 1 to 90 days before expiry." };
  const checked = ReminderOffsetsDays.safeParse(days);
  if (!checked.success) {
    return {
      error:
        days.length > 5 ? "At most 5 reminders." : (checked.error.issues[0]?.message ?? "Check the days."),
    };
  }
  return { days: [...checked.data].sort((a, b) => b - a) };
}

/** Renewal reminders to customers: on/off and the days before expiry they go out. */
export function ReminderSettingsCard({
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
  const [enabled, setEnabled] = useState(settings.remindersEnabled);
  const [offsets, setOffsets] = useState(settings.reminderOffsetsDays.join(", "));
  const [fieldError, setFieldError] = useState<string | null>(null);
  useEffect(() => {
    setEnabled(settings.remindersEnabled);
    setOffsets(settings.reminderOffsetsDays.join(", "));
  }, [settings]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseOffsets(offsets);
    if ("error" in parsed) {
      setFieldError(parsed.error);
      return;
    }
    setFieldError(null);
    update.mutate({ remindersEnabled: enabled, reminderOffsetsDays: parsed.days });
  };

  return (
    <Card title="Renewal reminders">
      <p className="kc-muted">
        Before a license expires, its customer gets a reminder with a renewal link and the key's last 4
        characters: by email, or by SMS when they gave only a phone number.
      </p>
      <form className="kc-form" aria-label="Renewal reminders" onSubmit={submit}>
        <label className="kc-check">
          <input
            type="checkbox"
            name="remindersEnabled"
            checked={enabled}
            disabled={!owner}
            onChange={(e) => setEnabled(e.target.checked)}
          />{" "}
          Send renewal reminders
        </label>
        <Field label="Days before expiry" hint="Up to 5, from 1 to 90, e.g. 7, 1">
          <input
            name="reminderOffsetsDays"
            value={offsets}
            disabled={!owner || !enabled}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? "reminder-offsets-error" : undefined}
            onChange={(e) => setOffsets(e.target.value)}
          />
        </Field>
        {fieldError ? (
          <p className="kc-error" id="reminder-offsets-error" role="alert">
            {fieldError}
          </p>
        ) : null}
        <ErrorNote error={update.error} />
        {update.isSuccess && !update.isPending ? <small role="status">Saved.</small> : null}
        {owner ? <button type="submit">Save reminders</button> : null}
      </form>
    </Card>
  );
}
