// What every chart's axes share: integer ticks on counts (no "2.5 versions"), bars measured from
// zero (a bar's length is its value) and threshold lines in the status colours. The axis titles
// are HTML beside the plot (ChartCard's AxisTitle).
import { ReferenceLine } from "recharts";
import { tick } from "./chart-card";

/** The ticks of a value axis: whole numbers for counts, else at most three decimals. */
export function valueTicks(integer: boolean | undefined) {
  return integer
    ? { allowDecimals: false, tickFormatter: (v: number) => String(v) }
    : { allowDecimals: true, tickFormatter: (v: number) => tick(v) };
}

/**
 * A bar axis: the data's range widened to hold zero (all-negative bars end at 0), cut in round
 * steps (0 to 10 by 2.5 for a longest bar of 9.92, not 0 to 9.92), whole steps for counts
 * (`integer`). The ticks are given, not left to recharts, which spaces a fixed domain unevenly.
 * `steps`: about how many tick intervals.
 */
export function zeroBasedAxis(
  values: readonly (number | null | undefined)[],
  { integer = false, steps = 4 }: { integer?: boolean; steps?: number } = {},
) {
  const finite = values.filter(
    (v): v is number => typeof v === "number" && Number.isFinite(v),
  );
  const min = Math.min(0, ...finite);
  const max = Math.max(0, ...finite);
  const step = min === max ? 1 : roundStep((max - min) / steps, integer);
  const lo = Math.floor(min / step) * step;
  const hi = min === max ? 1 : Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step / 1e6; i++)
    ticks.push(Number((lo + i * step).toPrecision(12)));
  return {
    domain: [lo, hi] as [number, number],
    ticks,
    allowDecimals: !integer,
    tickFormatter: (v: number) => (integer ? String(v) : tick(v)),
  };
}

/** The smallest of 1, 2, 2.5, 5 (times a power of ten) at least `raw`; a whole number for counts. */
function roundStep(raw: number, integer: boolean): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw * 0.9999) ??
    10 * power;
  return integer ? Math.max(1, Math.ceil(step)) : step;
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
