// Comparing one feature's live values with its stored reference: PSI with bands, KS (numbers) or
// chi-square and Jensen-Shannon (categories). Pure computation, so the scheduler's drift snapshots
// run it in a worker thread (lib/workers/heavy.worker.ts).
import { MIN_ROWS } from "./constants";
import {
  binProportions,
  categoryCounts,
  chiSquare,
  jensenShannon,
  ks,
  psi,
  psiBand,
  shares,
} from "./stats";

export type NumericRef = {
  edges: number[];
  proportions: number[];
  sample: number[];
};
export type CategoricalRef = { proportions: Record<string, number> };

export type FeatureDrift = {
  feature: string;
  kind: "numeric" | "categorical";
  rows: number;
  psi: number | null;
  band: "stable" | "moderate" | "significant" | null;
  /** The second test: two-sample Kolmogorov-Smirnov for numbers, chi-square goodness of fit for categories. */
  test: "ks" | "chi_square";
  statistic: number | null;
  p_value: number | null;
  /** Categories only: Jensen-Shannon distance (base 2, 0 = same shares, 1 = disjoint). */
  js_distance: number | null;
  too_few_rows: boolean;
};

export type RefRow = {
  feature: string;
  kind: "numeric" | "categorical";
  data: string;
};

/** Compares one feature's live values with its reference. */
export function compareFeature(r: RefRow, live: number[]): FeatureDrift {
  const test = r.kind === "numeric" ? "ks" : "chi_square";
  const base = {
    feature: r.feature,
    kind: r.kind,
    rows: live.length,
    test,
  } as const;
  if (live.length < MIN_ROWS)
    return {
      ...base,
      psi: null,
      band: null,
      statistic: null,
      p_value: null,
      js_distance: null,
      too_few_rows: true,
    };
  if (r.kind === "numeric") {
    const ref = JSON.parse(r.data) as NumericRef;
    // Served inputs are recorded as the model received them, in float32 (lib/serving), while the
    // reference was taken from the training data in float64. Both sides are compared in float32:
    // otherwise a value sitting on a bin edge (0.3 inches of rain, 0.3 in float32 being
    // 0.30000001) falls into the next bin, and a feature with many equal values reads as drift on
    // identical data.
    const live32 = live.map(Math.fround);
    const p = psi(
      ref.proportions,
      binProportions(live32, ref.edges.map(Math.fround)),
    );
    const k = ks(ref.sample.map(Math.fround), live32);
    return {
      ...base,
      psi: p,
      band: psiBand(p),
      statistic: k.d,
      p_value: k.pValue,
      js_distance: null,
      too_few_rows: false,
    };
  }
  const ref = JSON.parse(r.data) as CategoricalRef;
  const counts = categoryCounts(live, new Set(Object.keys(ref.proportions)));
  const liveShares = shares(counts);
  const keys = [
    ...new Set([...Object.keys(ref.proportions), ...Object.keys(liveShares)]),
  ];
  const p = psi(
    keys.map((k) => ref.proportions[k] ?? 0),
    keys.map((k) => liveShares[k] ?? 0),
  );
  const c = chiSquare(ref.proportions, counts);
  return {
    ...base,
    psi: p,
    band: psiBand(p),
    statistic: c.statistic,
    p_value: c.pValue,
    js_distance: jensenShannon(ref.proportions, liveShares),
    too_few_rows: false,
  };
}
