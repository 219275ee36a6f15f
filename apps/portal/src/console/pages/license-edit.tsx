import { jsonByteLength, LICENSE_METADATA_MAX_BYTES, type License, UpdateLicenseInput } from "@keyway/schema";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "../trpc";
import { ErrorNote, Field } from "../ui";

type LicenseChanges = Omit<UpdateLicenseInput, "licenseId">;

/**
 * The vendor's edit of a license in place: name, seats, plan and metadata, sent as one change
 * (`license.update`). Only the fields changed are sent. Seats below those in use are refused by
 * core unless "release the least recently seen" is ticked.
 */
export function LicenseEditForm({
  license,
  disabled,
  error,
  onSave,
  onCancel,
}: {
  license: License;
  disabled: boolean;
  error: unknown;
  onSave: (changes: LicenseChanges) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const plans = useQuery(trpc.catalog.listPlans.queryOptions({ productId: license.product.id }));
  const [name, setName] = useState(license.name ?? "");
  const [maxSeats, setMaxSeats] = useState(String(license.maxSeats));
  const [releaseExtra, setReleaseExtra] = useState(false);
  const [planId, setPlanId] = useState(license.plan?.id ?? "");
  const [metadata, setMetadata] = useState(license.metadata ? JSON.stringify(license.metadata, null, 2) : "");
  const [invalid, setInvalid] = useState<string | null>(null);
  const seats = Number(maxSeats);
  const shrinking = Number.isInteger(seats) && seats < license.seatsUsed;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const changes: LicenseChanges = {};
    if (name.trim() !== (license.name ?? "")) changes.name = name.trim() || null;
    if (seats !== license.maxSeats) {
      changes.maxSeats = seats;
      if (shrinking && releaseExtra) changes.releaseExtra = true;
    }
    if (planId && planId !== license.plan?.id) changes.planId = planId;
    const parsed = parseMetadata(metadata);
    if (typeof parsed === "string") return setInvalid(parsed);
    if (JSON.stringify(parsed) !== JSON.stringify(license.metadata)) changes.metadata = parsed;
    // The same contract the server checks: a bad value is named here before any request.
    const checked = UpdateLicenseInput.safeParse({ licenseId: license.id, ...changes });
    if (!checked.success) return setInvalid(checked.error.issues.map((i) => i.message).join(" "));
    setInvalid(null);
    onSave(changes);
  };

  const offered = (plans.data ?? []).filter((p) => !p.archivedAt || p.id === license.plan?.id);
  return (
    <form className="kc-form" onSubmit={submit} aria-label="Edit license">
      <Field label="Name" hint="Your own label for this license; blank clears it.">
        <input name="name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="Seats" hint={`${license.seatsUsed} in use`}>
        <input
          name="maxSeats"
          type="number"
          min={1}
          inputMode="numeric"
          value={maxSeats}
          onChange={(e) => setMaxSeats(e.target.value)}
        />
      </Field>
      {shrinking ? (
        <label className="kc-check">
          <input
            type="checkbox"
            name="releaseExtra"
            checked={releaseExtra}
            onChange={(e) => setReleaseExtra(e.target.checked)}
          />
          Release the {license.seatsUsed - seats} least recently seen seat(s)
        </label>
      ) : null}
      {offered.length > 0 ? (
        <Field label="Plan">
          <select name="planId" value={planId} onChange={(e) => setPlanId(e.target.value)}>
            {license.plan ? null : <option value="">No plan</option>}
            {offered.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <Field
        label="Metadata (JSON)"
        hint={`A JSON object of at most ${LICENSE_METADATA_MAX_BYTES} bytes, returned by validation; blank clears it.`}
      >
        <textarea name="metadata" rows={4} value={metadata} onChange={(e) => setMetadata(e.target.value)} />
      </Field>
      <div className="kc-actions">
        <button type="submit" disabled={disabled}>
          Save changes
        </button>
        <button type="button" className="kc-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ErrorNote error={invalid ? { message: invalid } : error} />
    </form>
  );
}

/** The metadata field: blank is null, otherwise a JSON object (or the words of what is wrong). */
function parseMetadata(text: string): Record<string, unknown> | null | string {
  if (!text.trim()) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "Metadata is not valid JSON.";
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return "Metadata must be a JSON object.";
  if (jsonByteLength(value) > LICENSE_METADATA_MAX_BYTES) {
    return `Metadata takes at most ${LICENSE_METADATA_MAX_BYTES} bytes.`;
  }
  return value as Record<string, unknown>;
}
