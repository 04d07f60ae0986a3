// Durations in the unit a reader expects: seconds, minutes, hours or days, chosen from the data's
// magnitude. A chart picks one unit for all its values (its axis, tooltip and table agree), so a
// review that waits seconds reads "45 s", not "0.01 hours", and a month-long lead time "31 d".

export type DurationUnit = {
  /** Written after a number: "12 min". */
  short: "s" | "min" | "h" | "d";
  /** An axis title: "minutes". */
  name: "seconds" | "minutes" | "hours" | "days";
  ms: number;
};

const UNITS: readonly DurationUnit[] = [
  { short: "s", name: "seconds", ms: 1_000 },
  { short: "min", name: "minutes", ms: 60_000 },
  { short: "h", name: "hours", ms: 3_600_000 },
  { short: "d", name: "days", ms: 86_400_000 },
];
const SECONDS = UNITS[0] as DurationUnit;

/**
 * The unit for a set of durations (ms): the largest unit in which the longest of them is at least
 * one whole unit, so the longest bar reads 1 or more and the shorter ones keep their digits.
 * Seconds for nothing, zeros or sub-second values.
 */
export function durationUnit(values: readonly number[]): DurationUnit {
  const longest = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  let unit = SECONDS;
  for (const u of UNITS) if (longest >= u.ms) unit = u;
  return unit;
}

/** A duration (ms) as a number of `unit`, to three significant digits (a chart's value). */
export function inUnit(ms: number, unit: DurationUnit): number {
  return Number((ms / unit.ms).toPrecision(3));
}

/** "45 s", "12 min", "3.5 h", "2.1 d": in `unit` when given (one chart's unit), else its own. */
export function formatDuration(
  ms: number,
  unit: DurationUnit = durationUnit([ms]),
): string {
  return `${formatAmount(ms / unit.ms)} ${unit.short}`;
}

/** Whole numbers from 10 up, one decimal from 1, two significant digits below (0.08). */
function formatAmount(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 10) return String(Math.round(v));
  if (a >= 1) return String(Number(v.toFixed(1)));
  return String(Number(v.toPrecision(2)));
}
