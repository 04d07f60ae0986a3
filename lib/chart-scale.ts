// The value axis of a bar chart: the data's range widened to hold zero (all-negative bars end at
// 0, so a bar's length is its value), cut in round steps (0 to 10 by 2.5 for a longest bar of
// 9.92, not 0 to 9.92), whole steps for counts. The ticks are computed here, not left to recharts,
// which spaces a fixed domain unevenly (0, 3, 6, 10).

/** `steps`: about how many tick intervals; `integer`: counts, whole ticks only. */
export function zeroBasedScale(
  values: readonly (number | null | undefined)[],
  { integer = false, steps = 4 }: { integer?: boolean; steps?: number } = {},
): { domain: [number, number]; ticks: number[] } {
  const finite = values.filter(
    (v): v is number => typeof v === "number" && Number.isFinite(v),
  );
  const min = Math.min(0, ...finite);
  const max = Math.max(0, ...finite);
  if (min === max) return { domain: [0, 1], ticks: [0, 1] };
  const step = roundStep((max - min) / steps, integer);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step / 1e6; i++)
    ticks.push(Number((lo + i * step).toPrecision(12)));
  return { domain: [lo, hi], ticks };
}

/** The smallest of 1, 2, 2.5, 5 (times a power of ten) at least `raw`; a whole number for counts. */
function roundStep(raw: number, integer: boolean): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw * 0.9999) ??
    10 * power;
  return integer ? Math.max(1, Math.ceil(step)) : step;
}
