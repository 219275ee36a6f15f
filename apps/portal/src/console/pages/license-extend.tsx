import { type FormEvent, useState } from "react";
import { ErrorNote, Field } from "../ui";
import { dayInZone, endOfDayInZone } from "./license-dates";

/**
 * The new expiry, picked as a calendar day and read in the vendor's time zone: the license stays
 * valid through the end of that day there. Making it perpetual is a separate, confirmed action.
 */
export function ExtendForm({
  expiresAt,
  timeZone,
  disabled,
  onExtend,
  onCancel,
}: {
  expiresAt: string | null;
  timeZone: string;
  disabled?: boolean;
  onExtend: (expiresAt: string) => void;
  onCancel: () => void;
}) {
  const [day, setDay] = useState(expiresAt ? dayInZone(expiresAt, timeZone) : "");
  const [invalid, setInvalid] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const iso = endOfDayInZone(day, timeZone);
    if (!iso) return setInvalid("Pick the day the license should last until.");
    setInvalid(null);
    onExtend(iso);
  };
  return (
    <form className="kc-inline" onSubmit={submit} aria-label="Extend license">
      <Field label="Valid until" hint={`Through the end of this day, ${timeZone} time`}>
        <input
          type="date"
          name="expiresOn"
          required
          value={day}
          // biome-ignore lint/a11y/noAutofocus: opened on request, the date is what the vendor came for
          autoFocus
          onChange={(e) => setDay(e.target.value)}
        />
      </Field>
      <button type="submit" disabled={disabled}>
        Extend
      </button>
      <button type="button" className="kc-secondary" onClick={onCancel}>
        Cancel
      </button>
      <ErrorNote error={invalid ? { message: invalid } : null} />
    </form>
  );
}
