"use client";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartCard, NumberTable, fmt, tick } from "./chart-card";

export type BarDatum = { label: string; value: number; flagged?: boolean };

/** Horizontal bars (feature importance, fairness per group, a metric across versions). */
export function HBarChart(props: {
  title: string;
  valueLabel: string;
  data: BarDatum[];
  reference?: { value: number; label: string };
  empty?: string;
  extraColumns?: { name: string; values: (string | number | null)[] };
}) {
  const { title, valueLabel, data, reference } = props;
  const height = Math.max(160, data.length * 28 + 60);
  return (
    <ChartCard
      title={title}
      height={height}
      empty={data.length === 0 ? (props.empty ?? "Nothing logged yet.") : null}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: 5, right: 24, bottom: 20, left: 8 }}
          >
            <CartesianGrid
              strokeDasharray="3 3"
              stroke="var(--border)"
              horizontal={false}
            />
            <XAxis
              type="number"
              tickFormatter={(v: number) => tick(v)}
              fontSize={11}
              label={{
                value: valueLabel,
                position: "insideBottom",
                offset: -10,
                fontSize: 12,
              }}
            />
            <YAxis type="category" dataKey="label" width={140} fontSize={11} />
            <Tooltip
              formatter={(v) => (typeof v === "number" ? fmt(v) : String(v))}
            />
            {reference ? (
              <ReferenceLine
                x={reference.value}
                stroke="var(--danger)"
                strokeDasharray="4 4"
                label={{
                  value: reference.label,
                  position: "top",
                  fontSize: 11,
                }}
              />
            ) : null}
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
