import type { Dashboard, RecurringRevenue } from "@keyway/schema";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "../ui";
import { accent, ChartFrame, MoneyLineChart } from "./dashboard-chart-parts";
import { RecurringCharts, RecurringTable } from "./dashboard-recurring";

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
        <ChartFrame testId="chart-revenue" label="Revenue per day">
          <MoneyLineChart
            data={data}
            xKey="day"
            minTickGap={20}
            currency={currency}
            live={{ key: "revenue", name: "Live" }}
            testKey="testRevenue"
            showTest={hasTest}
            dots={false}
          />
        </ChartFrame>
      </Card>
      {recurring ? <RecurringCharts report={recurring} /> : null}
      <Card title="New licenses per day">
        <ChartFrame label="New licenses per day">
          <DayBars data={data} dataKey="newLicenses" name="New licenses" fill={accent} />
        </ChartFrame>
      </Card>
      <Card title="Verifications per day">
        <ChartFrame label="Licenses verified per day">
          <DayBars data={data} dataKey="verifications" name="Licenses verified" fill="var(--kc-accent-2)" />
        </ChartFrame>
        <small className="kc-muted">Counted from each license's latest verification.</small>
      </Card>
      {recurring ? <RecurringTable report={recurring} /> : null}
    </div>
  );
}

/** One count per day as bars. */
function DayBars({
  data,
  dataKey,
  name,
  fill,
}: {
  data: Record<string, string | number>[];
  dataKey: string;
  name: string;
  fill: string;
}) {
  return (
    <BarChart data={data}>
      <CartesianGrid strokeDasharray="3 3" stroke="var(--kc-border)" />
      <XAxis dataKey="day" fontSize={11} minTickGap={20} />
      <YAxis allowDecimals={false} fontSize={11} />
      <Tooltip />
      <Bar dataKey={dataKey} name={name} fill={fill} isAnimationActive={false} />
    </BarChart>
  );
}
