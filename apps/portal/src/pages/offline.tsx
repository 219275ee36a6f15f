import type { OfflineActivateOutput, OfflineReleaseOutput } from "@keyway/schema";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../app/errors";
import { useTRPC } from "../app/trpc";
import { CopyButton, Field, useTitle } from "../app/ui";

/**
 * `/offline`: air-gapped activation (docs/signatures.md §4), signed in or not (the key inside the
 * request is the credential). A machine that never reaches the internet shows an activation
 * request; pasted here it takes a seat and answers a certificate to paste back into the software.
 * The reverse: the release code the software shows after deleting its certificate frees the seat.
 */
export default function Offline() {
  useTitle("Activate a machine offline");
  return (
    <div className="stack">
      <h1>Activate a machine offline</h1>
      <p className="muted">
        For a computer that never connects to the internet: its software shows an activation request (a text
        starting with <code>kwar1.</code>). Paste it here and copy the certificate back into the software. No
        sign-in needed: the license key inside the request is enough.
      </p>
      <ActivateForm />
      <ReleaseForm />
    </div>
  );
}

/** The failure of either form in words a customer can act on. */
function offlineError(error: unknown): string {
  const code = (error as { data?: { code?: unknown } } | null)?.data?.code;
  if (code === "seat_limit_reached")
    return "Every seat of this license is in use. Free one first: paste another machine's release code below, or release a seat under My licenses.";
  if (code === "license_not_found")
    return "We could not find the license this code names. Check that the software shows the key you bought.";
  if (code === "TOO_MANY_REQUESTS" || code === "rate_limited")
    return "Too many attempts in a short time. Please wait a minute and try again.";
  return errorMessage(error, "We could not read that code. Please copy it again and retry.");
}

/** Codes are long single words: a full-width box that wraps them anywhere. */
const CODE_BOX = { width: "100%", fontFamily: "monospace", wordBreak: "break-all" } as const;

function downloadText(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

function ActivateForm() {
  const trpc = useTRPC();
  const [request, setRequest] = useState("");
  const activate = useMutation(trpc.license.activateOffline.mutationOptions());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    activate.mutate({ request });
  };
  const error = activate.error ? offlineError(activate.error) : undefined;
  return (
    <section className="card stack" aria-labelledby="offline-activate-title">
      <h2 id="offline-activate-title">Get a certificate</h2>
      <form className="stack" onSubmit={submit} noValidate>
        <Field
          id="offline-request"
          label="Activation request"
          hint="Copy it whole from the software; line breaks do not matter."
          error={error}
        >
          <textarea
            id="offline-request"
            rows={4}
            value={request}
            onChange={(e) => setRequest(e.target.value)}
            spellCheck={false}
            style={CODE_BOX}
            autoComplete="off"
            placeholder="kwar1.…"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "offline-request-error" : "offline-request-hint"}
          />
        </Field>
        <div className="row">
          <button type="submit" className="btn" disabled={activate.isPending}>
            {activate.isPending ? "Activating…" : "Get certificate"}
          </button>
        </div>
      </form>
      {activate.data ? <CertificateCard answer={activate.data} /> : null}
    </section>
  );
}

function CertificateCard({ answer }: { answer: OfflineActivateOutput }) {
  const { license } = answer;
  const fileName = `certificate-${license.product.name.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}.txt`;
  return (
    <div className="stack" data-testid="offline-certificate" role="status">
      <p className="notice info">
        <strong>{license.product.name}</strong> is activated on this machine (
        {answer.activation.label ?? answer.activation.value}
        ).
      </p>
      <dl className="facts">
        <dt>License key</dt>
        <dd>
          <code>{license.key}</code>
        </dd>
        <dt>Seats used</dt>
        <dd data-testid="offline-seats">
          {license.seatsUsed} of {license.maxSeats}
        </dd>
      </dl>
      <Field id="offline-certificate-text" label="Certificate" hint="Paste it into the software to finish.">
        <textarea
          id="offline-certificate-text"
          rows={5}
          readOnly
          value={answer.certificate}
          spellCheck={false}
          style={CODE_BOX}
          aria-describedby="offline-certificate-text-hint"
          onFocus={(e) => e.currentTarget.select()}
        />
      </Field>
      <div className="row">
        <CopyButton text={answer.certificate} label="Copy certificate" />
        <button
          type="button"
          className="btn secondary small"
          onClick={() => downloadText(answer.certificate, fileName)}
        >
          Download (.txt)
        </button>
      </div>
    </div>
  );
}

function ReleaseForm() {
  const trpc = useTRPC();
  const [release, setRelease] = useState("");
  const free = useMutation(trpc.license.releaseOffline.mutationOptions());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    free.mutate({ release });
  };
  const error = free.error ? offlineError(free.error) : undefined;
  return (
    <section className="card stack" aria-labelledby="offline-release-title">
      <h2 id="offline-release-title">Free a machine's seat</h2>
      <p className="muted">
        To move the license, delete the certificate in the software: it then shows a release code (starting
        with <code>kwrl1.</code>).
      </p>
      <form className="stack" onSubmit={submit} noValidate>
        <Field id="offline-release" label="Release code" error={error}>
          <textarea
            id="offline-release"
            rows={4}
            value={release}
            onChange={(e) => setRelease(e.target.value)}
            spellCheck={false}
            style={CODE_BOX}
            autoComplete="off"
            placeholder="kwrl1.…"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "offline-release-error" : undefined}
          />
        </Field>
        <div className="row">
          <button type="submit" className="btn" disabled={free.isPending}>
            {free.isPending ? "Freeing…" : "Free the seat"}
          </button>
          <Link to="/account/licenses" className="btn secondary">
            My licenses
          </Link>
        </div>
      </form>
      {free.data ? <ReleaseResult answer={free.data} /> : null}
    </section>
  );
}

function ReleaseResult({ answer }: { answer: OfflineReleaseOutput }) {
  const { license } = answer;
  return (
    <div
      className={`notice ${answer.released ? "info" : "error"}`}
      role="status"
      data-testid="offline-release-result"
    >
      <p>
        <strong>{answer.released ? "Seat freed" : "No seat was freed"}</strong>
        {": "}
        {answer.message}
      </p>
      <p className="small">
        {license.product.name}: {license.seatsUsed} of {license.maxSeats} seats used.
      </p>
    </div>
  );
}
