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
import { thresholdLines, valueTicks, type Threshold } from "./axes";
import { ChartCard, NumberTable, fmt } from "./chart-card";

export type Series = { name: string; points: { x: number; y: number }[] };

/**
 * Line chart of one or more curves (ROC, PR, calibration, training history, metric trends).
 * `xInteger`/`yInteger` for axes of whole things (versions, steps, counts); `thresholds` draw
 * limit lines in the status colours, labelled, and list them under the table.
 */
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
  xInteger?: boolean;
  yInteger?: boolean;
  thresholds?: Threshold[];
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
      axisTitles={{ x: xLabel, y: yLabel }}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 5, right: 16, bottom: 5, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              type="number"
              dataKey="x"
              domain={
                props.xDomain ??
                (unitDomain
                  ? [0, 1]
                  : props.xInteger
                    ? ["dataMin", "dataMax"]
                    : ["auto", "auto"])
              }
              {...valueTicks(props.xInteger)}
              fontSize={11}
            />
            <YAxis
              type="number"
              domain={props.yDomain ?? (unitDomain ? [0, 1] : ["auto", "auto"])}
              {...valueTicks(props.yInteger)}
              fontSize={11}
              width={48}
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
            {thresholdLines(props.thresholds ?? [], "y")}
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
        <>
          <NumberTable
            caption={title}
            columns={["series", xLabel, yLabel]}
            rows={series.flatMap((s) =>
              s.points.map((p) => [s.name, p.x, p.y]),
            )}
          />
          {props.thresholds?.length ? (
            <p className="mt-2 text-xs text-muted">
              Lines: {props.thresholds.map((t) => t.label).join("; ")}.
            </p>
          ) : null}
        </>
      }
    />
  );
}
