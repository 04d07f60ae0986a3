"use client";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { thresholdLines, zeroBasedAxis, type Threshold } from "./axes";
import { ChartCard, NumberTable, fmt } from "./chart-card";

export type BarDatum = { label: string; value: number; flagged?: boolean };

/**
 * Horizontal bars (feature importance, fairness per group, a metric across versions), measured
 * from zero whatever the sign of the values. `integer` for counts; `reference` a limit line
 * (danger unless said otherwise).
 */
export function HBarChart(props: {
  title: string;
  valueLabel: string;
  data: BarDatum[];
  reference?: { value: number; label: string; level?: Threshold["level"] };
  empty?: string;
  extraColumns?: { name: string; values: (string | number | null)[] };
  integer?: boolean;
}) {
  const { title, valueLabel, data, reference } = props;
  const height = Math.max(160, data.length * 28 + 60);
  return (
    <ChartCard
      title={title}
      height={height}
      empty={data.length === 0 ? (props.empty ?? "Nothing logged yet.") : null}
      axisTitles={{ x: valueLabel }}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: reference ? 18 : 5, right: 24, bottom: 5, left: 8 }}
          >
            <CartesianGrid
              strokeDasharray="3 3"
              stroke="var(--border)"
              horizontal={false}
            />
            <XAxis
              type="number"
              fontSize={11}
              {...zeroBasedAxis(
                [
                  ...data.map((d) => d.value),
                  ...(reference ? [reference.value] : []),
                ],
                { integer: props.integer },
              )}
            />
            <YAxis type="category" dataKey="label" width={140} fontSize={11} />
            <Tooltip
              formatter={(v) => (typeof v === "number" ? fmt(v) : String(v))}
            />
            {reference
              ? thresholdLines([{ level: "danger", ...reference }], "x")
              : null}
            <Bar dataKey="value" name={valueLabel} isAnimationActive={false}>
              {data.map((d) => (
                <Cell
                  key={d.label}
                  fill={
                    d.flagged
                      ? "var(--danger)"
                      : d.value < 0
                        ? "var(--chart-2)"
                        : "var(--chart-1)"
                  }
                />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <NumberTable
          caption={title}
          columns={[
            "",
            valueLabel,
            ...(props.extraColumns ? [props.extraColumns.name] : []),
            ...(data.some((d) => d.flagged !== undefined)
              ? ["below line"]
              : []),
          ]}
          rows={data.map((d, i) => [
            d.label,
            d.value,
            ...(props.extraColumns
              ? [props.extraColumns.values[i] ?? null]
              : []),
            ...(d.flagged !== undefined ? [d.flagged ? "yes" : "no"] : []),
          ])}
        />
      }
    />
  );
}
