// What every chart's axes share: integer ticks on counts (no "2.5 versions"), bars measured from
// zero (a bar's length is its value) and threshold lines in the status colours. The axis titles
// are HTML beside the plot (ChartCard's AxisTitle).
import { ReferenceLine } from "recharts";
import { zeroBasedScale } from "@/lib/chart-scale";
import { tick } from "./chart-card";

/** The ticks of a value axis: whole numbers for counts, else at most three decimals. */
export function valueTicks(integer: boolean | undefined) {
  return integer
    ? { allowDecimals: false, tickFormatter: (v: number) => String(v) }
    : { allowDecimals: true, tickFormatter: (v: number) => tick(v) };
}

/** A bar axis's props: from zero, on round steps (lib/chart-scale.ts); whole ticks for counts. */
export function zeroBasedAxis(
  values: readonly (number | null | undefined)[],
  options: { integer?: boolean; steps?: number } = {},
) {
  return {
    ...zeroBasedScale(values, options),
    allowDecimals: !options.integer,
    tickFormatter: (v: number) => (options.integer ? String(v) : tick(v)),
  };
}

/** A line across the plot that marks a limit; "danger" for the one that means trouble. */
export type Threshold = {
  value: number;
  label: string;
  level: "warning" | "danger";
};

/** The status colours of thresholds (and the dash that tells them apart without colour). */
export const THRESHOLD_STYLE = {
  warning: { stroke: "var(--warning)", dash: "6 3" },
  danger: { stroke: "var(--danger)", dash: "2 2" },
} as const;

/**
 * Threshold lines across a chart, at `value` on the value axis (`y` for columns and curves). On a
 * `y` axis every label sits above its line, the highest one's at the right and the others at
 * the left, so two close lines (PSI 0.1 and 0.25 on an axis up to 8) keep readable labels.
 */
export function thresholdLines(thresholds: Threshold[], axis: "x" | "y") {
  const highest = Math.max(...thresholds.map((t) => t.value));
  return thresholds.map((t) => {
    const style = THRESHOLD_STYLE[t.level];
    const position =
      axis === "x"
        ? "top"
        : t.value === highest
          ? "insideBottomRight"
          : "insideBottomLeft";
    return (
      <ReferenceLine
        key={`${t.level}-${t.value}`}
        {...(axis === "y" ? { y: t.value } : { x: t.value })}
        stroke={style.stroke}
        strokeDasharray={style.dash}
        strokeWidth={1.5}
        ifOverflow="extendDomain"
        label={{
          value: t.label,
          position,
          fill: style.stroke,
          fontSize: 11,
        }}
      />
    );
  });
}
