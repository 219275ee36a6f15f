import { type Dashboard, formatMoney, majorUnits, type RecurringRevenue } from "@keyway/schema";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { Card } from "../ui";
import { RecurringCharts, RecurringTable } from "./dashboard-recurring";

const accent = "var(--kc-accent)";

/**
 * Revenue (in the vendor's currency; test mode as its own line) with MRR and renewals against
 * churn beside it (dashboard-recurring.tsx), new licenses and verifications per day.
 */
export default function DashboardCharts({
  days,
  currency,
  recurring,
}: {
  days: Dashboard["days"];
  currency: string;
  recurring?: RecurringRevenue | undefined;
}) {
  const data = days.map((d) => ({
    day: d.day.slice(5),
    // Minor units; the axis and the tooltip show them in the currency's own digits.
    revenue: d.revenue[currency] ?? 0,
    testRevenue: d.testRevenue[currency] ?? 0,
    newLicenses: d.newLicenses,
    verifications: d.verifications,
  }));
  const hasTest = data.some((d) => d.testRevenue > 0);
  return (
    <div className="kc-charts">
      <Card
        title={hasTest ? `Revenue per day (${currency}; test mode dashed)` : `Revenue per day (${currency})`}
      >
        <div className="kc-chart" data-testid="chart-revenue">
          <ResponsiveContainer width="100%" height={220}>
            <LineChart data={data}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--kc-border)" />
              <XAxis dataKey="day" fontSize={11} minTickGap={20} />
              <YAxis fontSize={11} tickFormatter={(v: number) => String(majorUnits(v, currency))} />
              <Tooltip formatter={(v) => formatMoney(Number(v), currency)} />
              <Line
                type="linear"
                dataKey="revenue"
                name="Live"
                stroke={accent}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
              {hasTest ? (
                <Line
                  type="linear"
                  dataKey="testRevenue"
                  name="Test mode"
                  stroke="var(--kc-muted)"
                  strokeDasharray="4 4"
                  strokeWidth={2}
                  dot={false}
                  isAnimationActive={false}
                />
              ) : null}
            </LineChart>
          </ResponsiveContainer>
        </div>
      </Card>
      {recurring ? <RecurringCharts report={recurring} /> : null}
      <Card title="New licenses per day">
        <div className="kc-chart">
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={data}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--kc-border)" />
              <XAxis dataKey="day" fontSize={11} minTickGap={20} />
              <YAxis allowDecimals={false} fontSize={11} />
              <Tooltip />
              <Bar dataKey="newLicenses" name="New licenses" fill={accent} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </Card>
      <Card title="Verifications per day">
        <div className="kc-chart">
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={data}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--kc-border)" />
              <XAxis dataKey="day" fontSize={11} minTickGap={20} />
              <YAxis allowDecimals={false} fontSize={11} />
              <Tooltip />
              <Bar
                dataKey="verifications"
                name="Licenses verified"
                fill="var(--kc-accent-2)"
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <small className="kc-muted">Counted from each license's latest verification.</small>
      </Card>
      {recurring ? <RecurringTable report={recurring} /> : null}
    </div>
  );
}
