import type { MessageTemplate } from "@keyway/schema";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTRPC } from "../trpc";
import { Card, ErrorNote, Field } from "../ui";
import { EmailPreviewFrame } from "./email-preview-frame";

type Part = "subject" | "textBody" | "htmlBody" | "smsBody";
const PARTS: [Part, string][] = [
  ["subject", "Subject"],
  ["textBody", "Email text"],
  ["htmlBody", "Email HTML (empty: made from the text)"],
  ["smsBody", "SMS"],
];

type Draft = Record<Part, string>;

/** `.kc-form` lines its fields up at the start; the editor's fields take the card's width. */
const STRETCH = { alignSelf: "stretch" } as const;
const WIDE = { width: "100%", boxSizing: "border-box" } as const;
const CODE = { ...WIDE, fontFamily: "Consolas, Menlo, monospace", fontSize: 13 } as const;

/** The store's words if saved, else the built-in ones; the HTML stays empty when only the text is the store's. */
function startingDraft(t: MessageTemplate): Draft {
  const own = t.override;
  return {
    subject: own?.subject ?? t.defaults.subject,
    textBody: own?.textBody ?? t.defaults.textBody,
    htmlBody: own?.htmlBody ?? (own?.textBody ? "" : t.defaults.htmlBody),
    smsBody: own?.smsBody ?? t.defaults.smsBody,
  };
}

/** A part equal to the built-in words is saved as null: it follows future built-in improvements. */
function toSave(t: MessageTemplate, draft: Draft): Record<Part, string | null> {
  const part = (p: Part) => (draft[p].trim() === "" || draft[p] === t.defaults[p] ? null : draft[p]);
  return {
    subject: part("subject"),
    textBody: part("textBody"),
    htmlBody: part("htmlBody"),
    smsBody: part("smsBody"),
  };
}

/** Edits one kind's words with its placeholders as chips and a live preview in the store's branding. */
export function TemplateEditor({
  template,
  owner,
  onSaved,
  onClose,
}: {
  template: MessageTemplate;
  owner: boolean;
  onSaved: (t: MessageTemplate) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<Draft>(() => startingDraft(template));
  const [focused, setFocused] = useState<Part>("textBody");
  // Shown on demand (email-preview-frame.tsx): images from other sites do not load in it.
  const [showHtml, setShowHtml] = useState(false);
  const fields = useRef<Partial<Record<Part, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const save = useMutation(trpc.message.saveTemplate.mutationOptions({ onSuccess: onSaved }));
  const preview = useMutation(trpc.message.previewTemplate.mutationOptions());
  const { mutate: renderPreview } = preview;

  // The preview follows the words as they are typed (once typing pauses).
  useEffect(() => {
    const timer = setTimeout(() => renderPreview({ kind: template.kind, ...toSave(template, draft) }), 350);
    return () => clearTimeout(timer);
  }, [draft, template, renderPreview]);

  const insert = (name: string) => {
    const el = fields.current[focused];
    const text = draft[focused];
    const at = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? at;
    setDraft({ ...draft, [focused]: `${text.slice(0, at)}{{${name}}}${text.slice(end)}` });
    el?.focus();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ kind: template.kind, ...toSave(template, draft) });
  };
  const reset = () => {
    setDraft({ ...template.defaults });
    save.mutate({ kind: template.kind, subject: null, textBody: null, htmlBody: null, smsBody: null });
  };
  // A new preview starts with no data: keep showing the last one (and its frame) meanwhile.
  const lastPreview = useRef(preview.data);
  if (preview.data) lastPreview.current = preview.data;
  const p = lastPreview.current;
  return (
    <Card
      title={`Edit: ${template.label}`}
      actions={
        <button type="button" className="kc-secondary" onClick={onClose}>
          Close
        </button>
      }
    >
      <form className="kc-form" aria-label={`Words of ${template.label}`} onSubmit={submit}>
        <fieldset data-testid="placeholder-chips" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="kc-muted">Placeholders</legend>
          <small className="kc-muted">
            Insert a placeholder into the {PARTS.find(([k]) => k === focused)?.[1]}:{" "}
          </small>
          {template.placeholders.map((ph) => (
            <button
              key={ph.name}
              type="button"
              className="kc-chip kc-secondary"
              title={ph.description}
              disabled={!owner}
              onClick={() => insert(ph.name)}
            >{`{{${ph.name}}}`}</button>
          ))}
          <br />
          <small className="kc-muted">
            {"{{#name}}…{{/name}}"} shows its words only when the placeholder has a value.
          </small>
        </fieldset>
        {PARTS.map(([part, label]) => (
          <div key={part} style={STRETCH}>
            <Field label={label}>
              {part === "subject" ? (
                <input
                  name={part}
                  value={draft[part]}
                  readOnly={!owner}
                  ref={(el) => {
                    fields.current[part] = el;
                  }}
                  style={WIDE}
                  onFocus={() => setFocused(part)}
                  onChange={(e) => setDraft({ ...draft, [part]: e.target.value })}
                />
              ) : (
                <textarea
                  name={part}
                  rows={part === "smsBody" ? 3 : 8}
                  value={draft[part]}
                  readOnly={!owner}
                  ref={(el) => {
                    fields.current[part] = el;
                  }}
                  style={CODE}
                  onFocus={() => setFocused(part)}
                  onChange={(e) => setDraft({ ...draft, [part]: e.target.value })}
                />
              )}
            </Field>
          </div>
        ))}
        <ErrorNote error={save.error} />
        {save.isSuccess && !save.isPending ? <small role="status">Saved.</small> : null}
        {owner ? (
          <div className="kc-actions">
            <button type="submit" disabled={save.isPending}>
              Save words
            </button>
            <button type="button" className="kc-secondary" onClick={reset}>
              Back to the built-in words
            </button>
          </div>
        ) : (
          <small>Only an owner can change the words.</small>
        )}
      </form>
      <section aria-label="Preview" data-testid="message-preview">
        <h3>Preview</h3>
        {preview.error ? <ErrorNote error={preview.error} /> : null}
        {p ? (
          <>
            <p>
              <strong>Subject:</strong> <span data-testid="preview-subject">{p.subject}</span>
            </p>
            <button
              type="button"
              className="kc-secondary"
              aria-expanded={showHtml}
              onClick={() => setShowHtml(!showHtml)}
            >
              {showHtml ? "Hide the email as HTML" : "Show the email as HTML"}
            </button>
            {showHtml ? <EmailPreviewFrame html={p.html} /> : null}
            <p>
              <strong>Plain text</strong>
            </p>
            <pre className="kc-pre" data-testid="preview-text">
              {p.text}
            </pre>
            <p>
              <strong>SMS</strong> <small className="kc-muted">{p.sms.length} characters</small>
            </p>
            <pre className="kc-pre" data-testid="preview-sms">
              {p.sms}
            </pre>
          </>
        ) : (
          <p className="kc-muted">Rendering…</p>
        )}
      </section>
    </Card>
  );
}
