"use client";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { zeroBasedAxis } from "./axes";
import { ChartCard, NumberTable, fmt } from "./chart-card";

const COLORS = [
  "var(--chart-1)",
  "var(--chart-2)",
  "var(--chart-3)",
  "var(--chart-4)",
  "var(--chart-5)",
];

export type ColumnSeries = { name: string; values: (number | null)[] };

/**
 * Vertical bars per category (weeks, months, models), one bar per series, with a table toggle.
 * `integer` for counts (whole ticks only); `format` writes a value with its unit in the tooltip
 * and the table ("12 min"). The value axis always holds zero.
 */
export function ColumnChart({
  title,
  categories,
  series,
  yLabel,
  empty,
  stacked = false,
  zeroIsData = false,
  integer = false,
  format = fmt,
}: {
  title: string;
  categories: string[];
  series: ColumnSeries[];
  yLabel: string;
  empty?: string;
  stacked?: boolean;
  zeroIsData?: boolean;
  integer?: boolean;
  format?: (v: number) => string;
}) {
  const data = categories.map((c, i) =>
    Object.fromEntries([
      ["category", c],
      ...series.map((s) => [s.name, s.values[i] ?? null]),
    ]),
  );
  // Counts of zero everywhere mean "nothing happened"; durations of zero (zeroIsData) are data.
  const nothing =
    categories.length === 0 ||
    series.every((s) =>
      s.values.every((v) => v === null || (!zeroIsData && v === 0)),
    );
  return (
    <ChartCard
      title={title}
      empty={nothing ? (empty ?? "Nothing in this range.") : null}
      axisTitles={{ y: yLabel }}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            margin={{ top: 5, right: 12, bottom: 5, left: 0 }}
          >
            <CartesianGrid
              strokeDasharray="3 3"
              stroke="var(--border)"
              vertical={false}
            />
            <XAxis
              dataKey="category"
              fontSize={11}
              interval="preserveStartEnd"
            />
            <YAxis
              fontSize={11}
              width={44}
              {...zeroBasedAxis(
                stacked
                  ? categories.map((_, i) =>
                      series.reduce((a, s) => a + (s.values[i] ?? 0), 0),
                    )
                  : series.flatMap((s) => s.values),
                { integer },
              )}
            />
            <Tooltip
              formatter={(v) => (typeof v === "number" ? format(v) : String(v))}
            />
            {series.length > 1 ? (
              <Legend wrapperStyle={{ fontSize: 12 }} />
            ) : null}
            {series.map((s, i) => (
              <Bar
                key={s.name}
                dataKey={s.name}
                fill={COLORS[i % COLORS.length]}
                stackId={stacked ? "all" : undefined}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <NumberTable
          caption={title}
          columns={["", ...series.map((s) => s.name)]}
          rows={categories.map((c, i) => [
            c,
            ...series.map((s) => {
              const v = s.values[i];
              return v === null || v === undefined ? null : format(v);
            }),
          ])}
        />
      }
    />
  );
}
