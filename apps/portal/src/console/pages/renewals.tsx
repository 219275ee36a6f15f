import { formatMoney, type Renewals } from "@keyway/schema";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { formatDate } from "../format";
import { useTRPC } from "../trpc";
import { Card, Empty, ErrorNote, PageHeader } from "../ui";

/**
 * Renewals: licenses whose term ends soon (and whether the customer was reminded), subscriptions
 * past due with their pay link, and the revenue reminders and past-due notices won back.
 * Dates in the vendor's time zone (format.ts).
 */
export default function RenewalsPage() {
  const trpc = useTRPC();
  const [days, setDays] = useState(30);
  const renewals = useQuery(trpc.dashboard.renewals.queryOptions({ days }));
  const r = renewals.data;
  return (
    <>
      <PageHeader title="Renewals">
        <select aria-label="Period" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          <option value={7}>Next / last 7 days</option>
          <option value={30}>Next / last 30 days</option>
          <option value={90}>Next / last 90 days</option>
        </select>
      </PageHeader>
      <ErrorNote error={renewals.error} />
      {r ? (
        <>
          <Recovered recovered={r.recovered} days={r.days} />
          <DueSoon rows={r.dueSoon} days={r.days} />
          <PastDue rows={r.pastDue} />
        </>
      ) : renewals.isPending ? (
        <p className="kc-loading">Loading…</p>
      ) : null}
    </>
  );
}

function Recovered({ recovered, days }: { recovered: Renewals["recovered"]; days: number }) {
  const money = (byCurrency: Record<string, number>) =>
    Object.entries(byCurrency)
      .map(([cur, v]) => formatMoney(v, cur))
      .join(", ");
  const live = money(recovered.revenue);
  const test = money(recovered.testRevenue);
  return (
    <Card title="Recovered revenue">
      {recovered.count || recovered.testCount ? (
        <div className="kc-stats">
          <div className="kc-stat">
            <small>Last {days} days</small>
            <strong data-testid="recovered-revenue">{live || "—"}</strong>
            <small>
              {recovered.count} renewal{recovered.count === 1 ? "" : "s"} paid after a reminder or a past-due
              notice
              {recovered.testCount ? ` · test mode, no money moved: ${test} (${recovered.testCount})` : ""}
            </small>
          </div>
        </div>
      ) : (
        <Empty>No renewal paid after a reminder or a past-due notice in the last {days} days yet.</Empty>
      )}
    </Card>
  );
}

function DueSoon({ rows, days }: { rows: Renewals["dueSoon"]; days: number }) {
  return (
    <Card title={`Due in the next ${days} days`}>
      {rows.length ? (
        <table className="kc-table" aria-label="Licenses due for renewal">
          <thead>
            <tr>
              <th>Expires</th>
              <th>License</th>
              <th>Product</th>
              <th>Customer</th>
              <th>Reminder</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((l) => (
              <tr key={l.licenseId}>
                <td>{formatDate(l.expiresAt)}</td>
                <td>
                  <Link to={`/console/licenses/${l.licenseId}`}>
                    <code>{l.key}</code>
                  </Link>
                  {l.testMode ? <small className="kc-muted"> test</small> : null}
                </td>
                <td>
                  {l.productName}
                  {l.planName ? <small> · {l.planName}</small> : null}
                </td>
                <td>{l.customer ?? "—"}</td>
                <td>{l.reminderSentAt ? `Sent ${formatDate(l.reminderSentAt)}` : "Not sent yet"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>No active license expires in the next {days} days.</Empty>
      )}
      {rows.length >= 100 ? <small className="kc-muted">The 100 soonest are shown.</small> : null}
    </Card>
  );
}

function PastDue({ rows }: { rows: Renewals["pastDue"] }) {
  return (
    <Card title="Past due">
      {rows.length ? (
        <table className="kc-table" aria-label="Past-due subscriptions">
          <thead>
            <tr>
              <th>Subscription</th>
              <th>Plan</th>
              <th>Customer</th>
              <th>Period ended</th>
              <th>Expires unless paid</th>
              <th>Renewal</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.subscriptionId}>
                <td>
                  {s.licenseId ? (
                    <Link to={`/console/licenses/${s.licenseId}`}>#{s.subscriptionId}</Link>
                  ) : (
                    `#${s.subscriptionId}`
                  )}
                </td>
                <td>
                  {s.planName} <small>· {s.productName}</small>
                </td>
                <td>{s.customer ?? "—"}</td>
                <td>{formatDate(s.currentPeriodEnd)}</td>
                <td>{formatDate(s.graceEndsAt)}</td>
                <td>
                  {s.paymentUrl ? (
                    <a href={s.paymentUrl} target="_blank" rel="noreferrer">
                      Pay link
                      {s.amount !== null && s.currency ? ` (${formatMoney(s.amount, s.currency)})` : ""}
                    </a>
                  ) : (
                    "No open renewal order"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>No subscription is past due.</Empty>
      )}
      {rows.length >= 100 ? <small className="kc-muted">The 100 longest overdue are shown.</small> : null}
    </Card>
  );
}
