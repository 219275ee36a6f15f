import { type FormEvent, useState } from "react";
import { ErrorNote, Field } from "./ui";

/**
 * A button that asks before it acts: the question is shown in place, with a confirm button
 * (named like the action) and Cancel, in the page itself: a real form, never a browser dialog.
 */
export function ConfirmButton({
  label,
  message,
  confirmLabel = label,
  className = "kc-danger",
  disabled,
  onConfirm,
}: {
  label: string;
  message: string;
  confirmLabel?: string;
  className?: string;
  disabled?: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className={className} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <fieldset className="kc-inline kc-confirm" aria-label="Confirm">
      <span>{message}</span>
      <button
        type="button"
        className={className}
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="kc-secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </fieldset>
  );
}

/**
 * A one-field form shown in place, prefilled, with Save and Cancel: a real form with a labelled
 * field. `onSubmit` returns an error message to keep the form open, or nothing to close it.
 */
export function InlineForm({
  label,
  name,
  initial,
  inputMode,
  submitLabel = "Save",
  disabled,
  onSubmit,
  onCancel,
}: {
  label: string;
  name: string;
  initial: string;
  inputMode?: "decimal" | "text";
  submitLabel?: string;
  disabled?: boolean;
  onSubmit: (value: string) => string | undefined;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(initial);
  const [invalid, setInvalid] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = onSubmit(value);
    if (problem) setInvalid(problem);
    else onCancel();
  };
  return (
    <form className="kc-inline" onSubmit={submit} aria-label={label}>
      <Field label={label}>
        <input
          name={name}
          inputMode={inputMode}
          value={value}
          // biome-ignore lint/a11y/noAutofocus: opened on request, the field is what the user came for
          autoFocus
          onChange={(e) => setValue(e.target.value)}
        />
      </Field>
      <button type="submit" disabled={disabled}>
        {submitLabel}
      </button>
      <button type="button" className="kc-secondary" onClick={onCancel}>
        Cancel
      </button>
      <ErrorNote error={invalid ? { message: invalid } : null} />
    </form>
  );
}
