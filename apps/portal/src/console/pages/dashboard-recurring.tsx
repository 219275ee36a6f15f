import { formatMoney, type RecurringRevenue, type RenewalChurn } from "@keyway/schema";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "../ui";
import { ChartFrame, MoneyLineChart } from "./dashboard-chart-parts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-05" → "May 2026". */
export const monthWords = (month: string) =>
  `${MONTHS[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(0, 4)}`;

/** A count with its test-mode share: "2", "2 (+1 in test mode)". */
const withTest = (live: number, test: number) => (test ? `${live} (+${test} in test mode)` : String(live));

/**
 * Beside the revenue chart: MRR at each month's end, and renewals against churn per month
 * (core's `getRecurringRevenue`), in the store's currency; test mode dashed or paler, as revenue.
 */
export function RecurringCharts({ report }: { report: RecurringRevenue }) {
  const { currency } = report;
  const data = report.months.map((m) => ({
    month: monthWords(m.month).replace(/ 20(\d\d)$/, " ’$1"),
    mrr: m.mrr[currency] ?? 0,
    testMrr: m.testMrr[currency] ?? 0,
    ...prefixed("live", m.live),
    ...prefixed("test", m.test),
  }));
  const hasTestMrr = data.some((d) => d.testMrr > 0);
  const hasTestCounts = report.months.some((m) => m.test.renewed + m.test.ended + m.test.expired > 0);
  const current = report.months.at(-1);
  return (
    <>
      <Card title={`Monthly recurring revenue (${currency}${hasTestMrr ? "; test mode dashed" : ""})`}>
        {current ? (
          <p data-testid="mrr-now">
            Now: <strong>{formatMoney(current.mrr[currency] ?? 0, currency)}</strong> a month
            {current.testMrr[currency] ? (
              <span className="kc-muted">
                {" "}
                · test mode, no money moved: {formatMoney(current.testMrr[currency] ?? 0, currency)}
              </span>
            ) : null}
          </p>
        ) : null}
        <ChartFrame testId="chart-mrr" label="Monthly recurring revenue per month">
          <MoneyLineChart
            data={data}
            xKey="month"
            minTickGap={12}
            currency={currency}
            live={{ key: "mrr", name: "MRR" }}
            testKey="testMrr"
            showTest={hasTestMrr}
            dots
          />
        </ChartFrame>
        <small className="kc-muted">
          Subscriptions in a paid period at the price paid, yearly ones as a twelfth, net of refunds.
        </small>
      </Card>
      <Card title="Renewals and churn per month">
        {current ? (
          <p data-testid="churn-now">
            This month: renewed {withTest(current.live.renewed, current.test.renewed)} · subscriptions ended{" "}
            {withTest(current.live.ended, current.test.ended)} · licenses expired unrenewed{" "}
            {withTest(current.live.expired, current.test.expired)}
          </p>
        ) : null}
        <ChartFrame testId="chart-churn" label="Renewals and churn per month">
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--kc-border)" />
            <XAxis dataKey="month" fontSize={11} minTickGap={12} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip />
            <Legend
              wrapperStyle={{ fontSize: 12 }}
              // The series' own colours are too light to read as text: the legend reads in the text colour.
              formatter={(value) => <span style={{ color: "var(--kc-text)" }}>{value}</span>}
            />
            <Bar
              dataKey="liveRenewed"
              stackId="renewed"
              name="Renewed"
              fill="var(--kc-accent-2)"
              isAnimationActive={false}
            />
            <Bar
              dataKey="liveEnded"
              stackId="ended"
              name="Subscriptions ended"
              fill="var(--kc-danger)"
              isAnimationActive={false}
            />
            <Bar
              dataKey="liveExpired"
              stackId="expired"
              name="Licenses expired"
              fill="var(--kc-muted)"
              isAnimationActive={false}
            />
            {hasTestCounts ? (
              <>
                <Bar
                  dataKey="testRenewed"
                  stackId="renewed"
                  name="Renewed (test mode)"
                  fill="var(--kc-accent-2)"
                  fillOpacity={0.35}
                  isAnimationActive={false}
                />
                <Bar
                  dataKey="testEnded"
                  stackId="ended"
                  name="Ended (test mode)"
                  fill="var(--kc-danger)"
                  fillOpacity={0.35}
                  isAnimationActive={false}
                />
                <Bar
                  dataKey="testExpired"
                  stackId="expired"
                  name="Expired (test mode)"
                  fill="var(--kc-muted)"
                  fillOpacity={0.35}
                  isAnimationActive={false}
                />
              </>
            ) : null}
          </BarChart>
        </ChartFrame>
      </Card>
    </>
  );
}

/** The recurring figures as a table, below the charts, for those who would rather read them. */
export function RecurringTable({ report }: { report: RecurringRevenue }) {
  const { currency } = report;
  return (
    <details className="kc-card kc-chart-table">
      <summary>Recurring revenue, renewals and churn as a table</summary>
      <table className="kc-table" aria-label="Recurring revenue per month" data-testid="recurring-table">
        <thead>
          <tr>
            <th>Month</th>
            <th>MRR</th>
            <th>Renewed</th>
            <th>Subscriptions ended</th>
            <th>Licenses expired</th>
          </tr>
        </thead>
        <tbody>
          {report.months.map((m) => (
            <tr key={m.month}>
              <td data-label="Month">{monthWords(m.month)}</td>
              <td data-label="MRR">
                {formatMoney(m.mrr[currency] ?? 0, currency)}
                {m.testMrr[currency] ? (
                  <small className="kc-muted">
                    {" "}
                    (+{formatMoney(m.testMrr[currency] ?? 0, currency)} in test mode)
                  </small>
                ) : null}
              </td>
              <td data-label="Renewed">{withTest(m.live.renewed, m.test.renewed)}</td>
              <td data-label="Subscriptions ended">{withTest(m.live.ended, m.test.ended)}</td>
              <td data-label="Licenses expired">{withTest(m.live.expired, m.test.expired)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function prefixed<P extends "live" | "test">(prefix: P, c: RenewalChurn) {
  return {
    [`${prefix}Renewed`]: c.renewed,
    [`${prefix}Ended`]: c.ended,
    [`${prefix}Expired`]: c.expired,
  } as Record<`${P}${"Renewed" | "Ended" | "Expired"}`, number>;
}
