"use client";
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartCard, NumberTable, fmt, tick } from "./chart-card";

export type Series = { name: string; points: { x: number; y: number }[] };

/** Line chart of one or more curves (ROC, PR, calibration, training history, metric trends). */
export function CurveChart(props: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  diagonal?: boolean;
  unitDomain?: boolean;
  empty?: string;
  xDomain?: [number, number];
  yDomain?: [number, number];
}) {
  const { title, xLabel, yLabel, series, diagonal, unitDomain } = props;
  const colors = [
    "var(--chart-1)",
    "var(--chart-2)",
    "var(--chart-3)",
    "var(--chart-4)",
    "var(--chart-5)",
  ];
  const empty = series.every((s) => s.points.length === 0)
    ? (props.empty ?? "Nothing logged yet.")
    : null;
  return (
    <ChartCard
      title={title}
      empty={empty}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 5, right: 16, bottom: 24, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              type="number"
              dataKey="x"
              domain={props.xDomain ?? (unitDomain ? [0, 1] : ["auto", "auto"])}
              tickFormatter={(v: number) => tick(v)}
              label={{
                value: xLabel,
                position: "insideBottom",
                offset: -12,
                fontSize: 12,
              }}
              fontSize={11}
            />
            <YAxis
              type="number"
              domain={props.yDomain ?? (unitDomain ? [0, 1] : ["auto", "auto"])}
              tickFormatter={(v: number) => tick(v)}
              label={{
                value: yLabel,
                angle: -90,
                position: "insideLeft",
                fontSize: 12,
              }}
              fontSize={11}
              width={56}
            />
            <Tooltip
              formatter={(v) => (typeof v === "number" ? fmt(v) : String(v))}
              labelFormatter={(v) =>
                `${xLabel}: ${typeof v === "number" ? fmt(v) : String(v)}`
              }
            />
            <Legend
              verticalAlign="top"
              height={24}
              wrapperStyle={{ fontSize: 12 }}
            />
            {diagonal ? (
              <ReferenceLine
                segment={[
                  { x: 0, y: 0 },
                  { x: 1, y: 1 },
                ]}
                stroke="var(--muted)"
                strokeDasharray="4 4"
                ifOverflow="extendDomain"
              />
            ) : null}
            {series.map((s, i) => (
              <Line
                key={s.name}
                data={s.points}
                dataKey="y"
                name={s.name}
                type="linear"
                dot={false}
                stroke={colors[i % colors.length]}
                strokeWidth={2}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      }
      table={
        <NumberTable
          caption={title}
          columns={["series", xLabel, yLabel]}
          rows={series.flatMap((s) => s.points.map((p) => [s.name, p.x, p.y]))}
        />
      }
    />
  );
}
