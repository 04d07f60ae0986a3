// Drift statistics: PSI over reference bins, the two-sample Kolmogorov-Smirnov test for numbers,
// and Jensen-Shannon distance for categories.

const EPS = 1e-4;

/** Bin edges at reference quantiles (deduplicated), so each bin holds about the same share. */
export function quantileEdges(values: number[], bins = 10): number[] {
  const s = [...values].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const v = s[Math.min(s.length - 1, Math.floor((i / bins) * s.length))] as number;
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
  for (let k = 1; k <= 100; k++) sum += (k % 2 ? 1 : -1) * Math.exp(-2 * k * k * t * t);
  return Math.min(1, Math.max(0, 2 * sum));
}

/** Jensen-Shannon distance (base 2, in [0, 1]) between two category distributions. */
export function jensenShannon(p: Record<string, number>, q: Record<string, number>): number {
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
