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
import { ChartCard, NumberTable, fmt, tick } from "./chart-card";

const COLORS = [
  "var(--chart-1)",
  "var(--chart-2)",
  "var(--chart-3)",
  "var(--chart-4)",
  "var(--chart-5)",
];

export type ColumnSeries = { name: string; values: (number | null)[] };

/** Vertical bars per category (weeks, months, models), one bar per series, with a table toggle. */
export function ColumnChart({
  title,
  categories,
  series,
  yLabel,
  empty,
  stacked = false,
  zeroIsData = false,
}: {
  title: string;
  categories: string[];
  series: ColumnSeries[];
  yLabel: string;
  empty?: string;
  stacked?: boolean;
  zeroIsData?: boolean;
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
              tickFormatter={(v: number) => tick(v)}
              allowDecimals
              label={{
                value: yLabel,
                angle: -90,
                position: "insideLeft",
                fontSize: 11,
                offset: 10,
              }}
            />
            <Tooltip
              formatter={(v) => (typeof v === "number" ? fmt(v) : String(v))}
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
            ...series.map((s) => s.values[i] ?? null),
          ])}
        />
      }
    />
  );
}
