import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { formatDate } from "../format";
import { useTRPC } from "../trpc";
import { Card, ErrorNote, PageHeader, StatusBadge } from "../ui";
import { MessageLog } from "./message-log";

/** One customer: how to reach them, their licenses, and every message sent to them. */
export default function CustomerDetailPage() {
  const { customerId = "" } = useParams();
  const trpc = useTRPC();
  const detail = useQuery(trpc.dashboard.getCustomer.queryOptions({ customerId }));
  if (detail.error) return <ErrorNote error={detail.error} />;
  const d = detail.data;
  if (!d) return <p className="kc-loading">Loading…</p>;
  const c = d.customer;
  return (
    <>
      <PageHeader title={c.name ?? c.email ?? c.phone ?? "Customer"} />
      <p>
        <Link to="/console/customers">← All customers</Link>
      </p>
      <Card title="Customer">
        <dl className="kc-dl" data-testid="customer-summary">
          <dt>Name</dt>
          <dd>{c.name ?? "—"}</dd>
          <dt>Email</dt>
          <dd>{c.email ?? "—"}</dd>
          <dt>Phone</dt>
          <dd>{c.phone ?? "—"}</dd>
          <dt>Since</dt>
          <dd>{formatDate(c.createdAt)}</dd>
        </dl>
      </Card>
      <Card title="Licenses">
        {d.licenses.items.length ? (
          <ul className="kc-list" data-testid="customer-licenses">
            {d.licenses.items.map((l) => (
              <li key={l.id}>
                <Link to={`/console/licenses/${l.id}`}>{l.key}</Link> <StatusBadge status={l.status} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="kc-muted">No licenses.</p>
        )}
      </Card>
      <MessageLog customerId={customerId} />
    </>
  );
}
