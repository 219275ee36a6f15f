import type { CustomerLicense } from "@keyway/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { eventLabel, formatDate, formatDateTime, termNotice } from "../app/format";
import { RequireCustomer } from "../app/require-customer";
import { useTRPC } from "../app/trpc";
import { CopyButton, Empty, ErrorNotice, Loading, StatusBadge, useTitle } from "../app/ui";
import { ReissueKey } from "./account-license-reissue";

export default function MyLicenses() {
  useTitle("My licenses");
  return (
    <RequireCustomer>
      <h1>My licenses</h1>
      <p className="small">
        <Link to="/offline">Activate a machine offline</Link>
      </p>
      <LicenseList />
    </RequireCustomer>
  );
}

function LicenseList() {
  const trpc = useTRPC();
  const list = useQuery(trpc.customer.licenses.queryOptions());
  if (list.isPending) return <Loading label="Loading your licenses…" />;
  if (list.isError) return <ErrorNotice error={list.error} retry={() => void list.refetch()} />;
  if (list.data.length === 0)
    return (
      <Empty title="No licenses yet">
        <p className="muted">
          Licenses you buy with this email or phone appear here. <Link to="/">Browse the store</Link>.
        </p>
      </Empty>
    );
  return (
    <>
      {list.data.map((l) => (
        <LicenseCard key={l.id} license={l} />
      ))}
    </>
  );
}

function LicenseCard({ license: l }: { license: CustomerLicense }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [showTimeline, setShowTimeline] = useState(false);
  const release = useMutation(
    trpc.customer.releaseActivation.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.customer.licenses.queryKey() }),
    }),
  );
  const me = useQuery(trpc.customer.me.queryOptions());
  const certificate = useMutation(
    trpc.customer.certificate.mutationOptions({
      onSuccess: ({ certificate: text }) => {
        const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
        const a = document.createElement("a");
        a.href = url;
        a.download = certificateFileName(l);
        a.click();
        URL.revokeObjectURL(url);
      },
    }),
  );
  // Expiring soon or in grace: say how many days are left, and make renewing the first action.
  const notice = termNotice(l);
  return (
    <article className="card" aria-labelledby={`lic-${l.id}`}>
      <div className="spread">
        <h2 id={`lic-${l.id}`}>{l.product.name}</h2>
        <StatusBadge status={l.status} />
      </div>
      {notice ? (
        <p className={`notice ${notice.tone === "bad" ? "error" : "info"}`} data-testid="term-notice">
          <strong>{notice.text}</strong>
        </p>
      ) : null}
      <div className="key">
        <code>{l.key}</code>
        <CopyButton text={l.key} label="Copy key" />
      </div>
      <dl className="facts" style={{ marginTop: 12 }}>
        <dt>{l.status === "expired" ? "Expired" : "Expires"}</dt>
        {/* A term that waits for first use has no end yet, but is not perpetual either. */}
        <dd>{l.clockPending ? "Its term starts when you first activate it" : formatDate(l.expiresAt)}</dd>
        <dt>Bound to</dt>
        <dd data-testid="bound-to">{boundTo(l)}</dd>
        <dt>Seats used</dt>
        <dd>
          {l.seatsUsed} of {l.maxSeats}
        </dd>
      </dl>
      {l.renewalRefusal?.reason === "subscription" ? (
        <p className="hint" data-testid="renewed-by-subscription">
          Your subscription renews this license: see <Link to="/account/subscriptions">My subscriptions</Link>{" "}
          for its next charge.
        </p>
      ) : null}
      {l.activations.length > 0 ? (
        <>
          <h3>Activations</h3>
          <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
            {l.activations.map((a) => (
              <li key={a.id} className="spread">
                <span>
                  <code>{a.label ?? a.value}</code>
                  <span className="muted small"> since {formatDate(a.activatedAt)}</span>
                </span>
                <button
                  type="button"
                  className="btn danger small"
                  disabled={release.isPending}
                  onClick={() => release.mutate({ activationId: a.id })}
                >
                  Release<span className="sr-only"> {a.value}</span>
                </button>
              </li>
            ))}
          </ul>
          <p className="hint">Release a seat to move the license to a new domain or device.</p>
        </>
      ) : null}
      {release.error ? <ErrorNotice error={release.error} /> : null}
      {certificate.error ? <ErrorNotice error={certificate.error} /> : null}
      <div className="row no-print" style={{ marginTop: 12 }}>
        {/* Core's one rule: not a license that never expires, nor one a subscription renews. */}
        {l.renewable ? (
          <Link
            className={notice ? "btn small" : "btn secondary small"}
            to={`/renew?key=${encodeURIComponent(l.key)}`}
          >
            Renew
          </Link>
        ) : null}
        <button
          type="button"
          className="btn secondary small"
          disabled={certificate.isPending}
          aria-describedby={`cert-${l.id}`}
          onClick={() => certificate.mutate({ licenseId: l.id })}
        >
          Download certificate
        </button>
        <button
          type="button"
          className="btn secondary small"
          aria-expanded={showTimeline}
          onClick={() => setShowTimeline((v) => !v)}
        >
          {showTimeline ? "Hide timeline" : "Show timeline"}
        </button>
      </div>
      <p className="hint" id={`cert-${l.id}`}>
        The certificate is an offline proof of this license your software can check without calling Keyway; it
        is signed by {me.data?.vendorName ?? "the seller"}. Put the file where your software asks for it.
      </p>
      {l.status === "revoked" ? null : <ReissueKey licenseId={l.id} productName={l.product.name} />}
      {showTimeline ? <Timeline licenseId={l.id} /> : null}
    </article>
  );
}

const KIND_WORDS: Record<string, string> = {
  domain: "domain",
  serial: "serial number",
  fingerprint: "device",
};

/** The domains, serials or devices the license is activated on; before any, what it will bind to. */
function boundTo(l: CustomerLicense): string {
  if (l.activations.length > 0) return l.activations.map((a) => a.label ?? a.value).join(", ");
  return `Not yet: it binds to the first ${KIND_WORDS[l.bindingKind] ?? l.bindingKind} you activate it on`;
}

/** "example-product-license-ABCD-1234.kwc": the product and key say whose proof the file is. */
function certificateFileName(l: CustomerLicense): string {
  const product = l.product.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${product ? `${product}-` : ""}license-${l.key}.kwc`;
}

function Timeline({ licenseId }: { licenseId: string }) {
  const trpc = useTRPC();
  const events = useQuery(trpc.customer.licenseEvents.queryOptions({ licenseId }));
  if (events.isPending) return <Loading label="Loading the timeline…" />;
  if (events.isError) return <ErrorNotice error={events.error} retry={() => void events.refetch()} />;
  if (events.data.length === 0) return <p className="muted">Nothing has happened to this license yet.</p>;
  return (
    <ol className="timeline" style={{ marginTop: 16 }}>
      {events.data.map((e) => (
        <li key={e.id}>
          <strong>{eventLabel(e.type)}</strong>{" "}
          <span className="muted small">{formatDateTime(e.createdAt)}</span>
        </li>
      ))}
    </ol>
  );
}
