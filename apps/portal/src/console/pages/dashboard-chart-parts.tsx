import { formatMoney, majorUnits } from "@keyway/schema";
import type { ReactElement } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** What the dashboard's charts have in common: their frame, their colours, the money line chart. */

export const accent = "var(--kc-accent)";

/** A chart's box: full width, 220 px high; `label` names it for screen readers. */
export function ChartFrame({
  testId,
  label,
  children,
}: {
  testId?: string;
  label: string;
  children: ReactElement;
}) {
  return (
    <div className="kc-chart" data-testid={testId} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={220}>
        {children}
      </ResponsiveContainer>
    </div>
  );
}

/**
 * Money over time in minor units, shown in the currency's own digits: the live line in the accent
 * colour and, when there is any, test mode's beside it, dashed and muted.
 */
export function MoneyLineChart({
  data,
  xKey,
  minTickGap,
  currency,
  live,
  testKey,
  showTest,
  dots,
}: {
  data: Record<string, string | number>[];
  xKey: string;
  minTickGap: number;
  currency: string;
  live: { key: string; name: string };
  /** Test mode's series, drawn when `showTest` (the caller's card title says so too). */
  testKey: string;
  showTest: boolean;
  dots: boolean;
}) {
  return (
    <LineChart data={data}>
      <CartesianGrid strokeDasharray="3 3" stroke="var(--kc-border)" />
      <XAxis dataKey={xKey} fontSize={11} minTickGap={minTickGap} />
      <YAxis fontSize={11} tickFormatter={(v: number) => String(majorUnits(v, currency))} />
      <Tooltip formatter={(v) => formatMoney(Number(v), currency)} />
      <Line
        type="linear"
        dataKey={live.key}
        name={live.name}
        stroke={accent}
        strokeWidth={2}
        dot={dots}
        isAnimationActive={false}
      />
      {showTest ? (
        <Line
          type="linear"
          dataKey={testKey}
          name="Test mode"
          stroke="var(--kc-muted)"
          strokeDasharray="4 4"
          strokeWidth={2}
          dot={dots}
          isAnimationActive={false}
        />
      ) : null}
    </LineChart>
  );
}
