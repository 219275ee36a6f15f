import { formatMoney } from "@keyway/schema";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link } from "react-router";
import { useTRPC } from "../trpc";
import { Card, Empty, PageHeader } from "../ui";
import { OnboardingChecklist } from "./dashboard-onboarding";

// recharts is loaded with the dashboard only, never with the portal.
const DashboardCharts = lazy(() => import("./dashboard-charts"));

export default function DashboardPage() {
  const trpc = useTRPC();
  const [days, setDays] = useState(30);
  const dashboard = useQuery(trpc.dashboard.get.queryOptions({ days }));
  // MRR and churn are monthly, over the last year, whatever the period of the daily charts.
  const recurring = useQuery(trpc.dashboard.recurringRevenue.queryOptions({ months: 12 }));
  const d = dashboard.data;
  return (
    <>
      <PageHeader title="Dashboard">
        <select aria-label="Period" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          <option value={7}>Last 7 days</option>
          <option value={30}>Last 30 days</option>
          <option value={90}>Last 90 days</option>
        </select>
      </PageHeader>
      <OnboardingChecklist />
      {d ? (
        <>
          <div className="kc-stats">
            <Stat
              label="Revenue"
              note={
                Object.keys(d.totals.testRevenue).length ? (
                  <span data-testid="test-revenue">
                    Test mode, no money moved:{" "}
                    {Object.entries(d.totals.testRevenue)
                      .map(([cur, v]) => formatMoney(v, cur))
                      .join(", ")}
                  </span>
                ) : null
              }
            >
              <div data-testid="revenue">{amounts(d.totals.revenue, d.currency)}</div>
            </Stat>
            <Stat
              label="Paid orders"
              note={
                [
                  d.totals.testPaidOrders ? `and ${d.totals.testPaidOrders} in test mode` : "",
                  d.totals.refundedOrders ? `${d.totals.refundedOrders} refunded in full` : "",
                  d.totals.testRefundedOrders ? `${d.totals.testRefundedOrders} refunded in test mode` : "",
                ]
                  .filter(Boolean)
                  .join(" · ") || null
              }
            >
              {d.totals.paidOrders}
            </Stat>
            <Stat label="New licenses">{d.totals.newLicenses}</Stat>
            <Stat label="Active licenses">{d.totals.activeLicenses}</Stat>
          </div>
          <Suspense fallback={<Card title="Charts">Loading charts…</Card>}>
            <DashboardCharts days={d.days} currency={d.currency} recurring={recurring.data} />
          </Suspense>
          <Card title="Failing webhooks">
            {d.failingWebhooks.length ? (
              <ul className="kc-list">
                {d.failingWebhooks.map((w) => (
                  <li key={w.endpointId}>
                    <Link to="/console/webhooks">{w.url}</Link> — {w.failedDeliveries} failed deliveries
                    {w.lastError ? <small> · {w.lastError}</small> : null}
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>All webhook endpoints are delivering.</Empty>
            )}
          </Card>
        </>
      ) : (
        <p className="kc-loading">Loading…</p>
      )}
    </>
  );
}

/** Live money per currency, one line each; test-mode money is shown apart (`note`). */
function amounts(byCurrency: Record<string, number>, currency: string) {
  const entries = Object.entries(byCurrency);
  if (!entries.length) return formatMoney(0, currency);
  return entries.map(([cur, v]) => <div key={cur}>{formatMoney(v, cur)}</div>);
}

function Stat({
  label,
  note,
  children,
}: {
  label: string;
  note?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div className="kc-stat">
      <small>{label}</small>
      <strong>{children}</strong>
      {note ? <small>{note}</small> : null}
    </div>
  );
}
