import { type ReactNode, useEffect, useState } from "react";
import { errorMessage } from "./format";

/** The page's heading; it also names the browser tab ("Orders — Keyway console"). */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} — Keyway console`;
  }, [title]);
  return (
    <header className="kc-page-header">
      <h1>{title}</h1>
      <div className="kc-actions">{children}</div>
    </header>
  );
}

export function Card({
  title,
  children,
  actions,
}: {
  title?: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="kc-card">
      {title || actions ? (
        <div className="kc-card-head">
          {title ? <h2>{title}</h2> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control comes in as children
    <label className="kc-field">
      <span>{label}</span>
      {children}
      {hint ? <small>{hint}</small> : null}
    </label>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="kc-error" role="alert">
      {errorMessage(error)}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="kc-empty">{children}</p>;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`kc-badge kc-badge-${status}`}>{status}</span>;
}

/** A secret shown exactly once, with copy; the page says it will not be shown again. */
export function OnceSecret({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="kc-secret" role="status">
      <strong>{label}</strong>
      <p>Copy it now: it is shown once and stored only as a hash.</p>
      <code data-testid="once-secret">{value}</code>
      <div className="kc-actions">
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" className="kc-secondary" onClick={onDone}>
          I have stored it
        </button>
      </div>
    </div>
  );
}
