// Drift statistics: PSI over reference bins, the two-sample Kolmogorov-Smirnov test for numbers,
// and, for categories, chi-square goodness of fit and Jensen-Shannon distance.
import { jStat } from "jstat";

const EPS = 1e-4;

/** Bin edges at reference quantiles (deduplicated), so each bin holds about the same share. */
export function quantileEdges(values: number[], bins = 10): number[] {
  const s = [...values].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const v = s[
      Math.min(s.length - 1, Math.floor((i / bins) * s.length))
    ] as number;
    if (edges.at(-1) !== v) edges.push(v);
  }
  return edges;
}

/** Share of values per bin: bin i holds values in (edges[i-1], edges[i]]; the last bin everything above. */
export function binProportions(values: number[], edges: number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v <= (edges[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    counts[lo] = (counts[lo] as number) + 1;
  }
  return counts.map((c) => (values.length ? c / values.length : 0));
}

/** Population stability index: Σ (a − e) · ln(a / e), empty bins floored at 1e-4. */
export function psi(expected: number[], actual: number[]): number {
  let total = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i] as number, EPS);
    const a = Math.max(actual[i] as number, EPS);
    total += (a - e) * Math.log(a / e);
  }
  return total;
}

export function psiBand(value: number): "stable" | "moderate" | "significant" {
  return value < 0.1 ? "stable" : value <= 0.25 ? "moderate" : "significant";
}

/** Two-sample KS statistic D and its asymptotic p-value. */
export function ks(a: number[], b: number[]): { d: number; pValue: number } {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i] as number, y[j] as number);
    while (i < x.length && (x[i] as number) <= v) i++;
    while (j < y.length && (y[j] as number) <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const n = (x.length * y.length) / (x.length + y.length);
  return { d, pValue: kolmogorovP(Math.sqrt(n) * d) };
}

/** P(K > t) for the Kolmogorov distribution (series; accurate to ~1e-10 for t > 0.3). */
function kolmogorovP(t: number): number {
  if (t < 0.3) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++)
    sum += (k % 2 ? 1 : -1) * Math.exp(-2 * k * k * t * t);
  return Math.min(1, Math.max(0, 2 * sum));
}

/** Jensen-Shannon distance (base 2, in [0, 1]) between two category distributions. */
export function jensenShannon(
  p: Record<string, number>,
  q: Record<string, number>,
): number {
  const keys = new Set([...Object.keys(p), ...Object.keys(q)]);
  let js = 0;
  for (const k of keys) {
    const a = p[k] ?? 0;
    const b = q[k] ?? 0;
    const m = (a + b) / 2;
    if (a > 0) js += 0.5 * a * Math.log2(a / m);
    if (b > 0) js += 0.5 * b * Math.log2(b / m);
  }
  return Math.sqrt(Math.max(0, js));
}

export const OTHER = "(other)";

/** Counts of each value, keyed by its text; values outside `known` (when given) count as "(other)". */
export function categoryCounts(
  values: Array<string | number>,
  known?: Set<string>,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const raw of values) {
    const key = known && !known.has(String(raw)) ? OTHER : String(raw);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Counts → shares that sum to 1. */
export function shares(counts: Record<string, number>): Record<string, number> {
  const n = Object.values(counts).reduce((a, b) => a + b, 0);
  return Object.fromEntries(
    Object.entries(counts).map(([k, c]) => [k, n ? c / n : 0]),
  );
}

/**
 * Pearson's chi-square goodness-of-fit of live category counts against the reference shares.
 * Categories the reference never saw ("(other)") get the same 1e-4 floor as PSI, so any mass
 * there weighs heavily, as it should. Degrees of freedom: categories − 1.
 */
export function chiSquare(
  expected: Record<string, number>,
  observed: Record<string, number>,
): { statistic: number; df: number; pValue: number } {
  const keys = [
    ...new Set([...Object.keys(expected), ...Object.keys(observed)]),
  ];
  const n = Object.values(observed).reduce((a, b) => a + b, 0);
  let statistic = 0;
  for (const k of keys) {
    const e = n * Math.max(expected[k] ?? 0, EPS);
    const o = observed[k] ?? 0;
    statistic += ((o - e) * (o - e)) / e;
  }
  const df = Math.max(1, keys.length - 1);
  return { statistic, df, pValue: 1 - jStat.chisquare.cdf(statistic, df) };
}
