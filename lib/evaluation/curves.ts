// Binary-classification curves from raw scores: ROC and precision-recall (ties handled as one
// step), calibration bins, and down-sampling for the browser.

export type Point = { x: number; y: number; threshold?: number };

/**
 * ROC and PR points, one per distinct score (descending), ROC AUC by the trapezoid rule, PR-AUC by
 * the trapezoid rule and average precision. Scores of each class are sorted natively (no
 * comparator) and merged, which keeps a million rows well under a second.
 */
export function rocPr(
  yTrue: Uint8Array,
  score: Float64Array,
): {
  roc: Point[];
  pr: Point[];
  auc: number;
  prAuc: number;
  averagePrecision: number;
} {
  const n = yTrue.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += yTrue[i] as number;
  const neg = n - pos;
  if (pos === 0 || neg === 0)
    throw new Error(
      "both classes must be present in y_true to draw ROC and PR curves",
    );
  const P = new Float64Array(pos);
  const N = new Float64Array(neg);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (yTrue[i]) P[a++] = score[i] as number;
    else N[b++] = score[i] as number;
  }
  P.sort();
  N.sort();
  // A typed array sorts NaN last, where no threshold would ever equal it and the sweep below
  // would never end (a model's own output, in permutation importance, can be NaN).
  if (Number.isNaN(P[pos - 1]) || Number.isNaN(N[neg - 1]))
    throw new Error("scores must be numbers; one is NaN");
  const roc: Point[] = [{ x: 0, y: 0, threshold: Infinity }];
  const pr: Point[] = [];
  let ip = pos - 1;
  let ineg = neg - 1;
  let tp = 0;
  let fp = 0;
  let auc = 0;
  let prAuc = 0;
  let ap = 0;
  let prevTpr = 0;
  let prevFpr = 0;
  let prevPrecision = 1;
  while (ip >= 0 || ineg >= 0) {
    // The next threshold is the largest remaining score; take every row (of both classes) tied at it.
    const t = Math.max(
      ip >= 0 ? (P[ip] as number) : -Infinity,
      ineg >= 0 ? (N[ineg] as number) : -Infinity,
    );
    while (ip >= 0 && P[ip] === t) {
      tp++;
      ip--;
    }
    while (ineg >= 0 && N[ineg] === t) {
      fp++;
      ineg--;
    }
    const tpr = tp / pos;
    const fpr = fp / neg;
    const precision = tp / (tp + fp);
    auc += ((fpr - prevFpr) * (tpr + prevTpr)) / 2;
    prAuc += ((tpr - prevTpr) * (precision + prevPrecision)) / 2;
    ap += (tpr - prevTpr) * precision;
    roc.push({ x: fpr, y: tpr, threshold: t });
    pr.push({ x: tpr, y: precision, threshold: t });
    prevTpr = tpr;
    prevFpr = fpr;
    prevPrecision = precision;
  }
  return { roc, pr, auc, prAuc, averagePrecision: ap };
}

/** Reliability diagram: mean predicted probability vs observed positive rate in equal-width bins. */
export function calibration(
  yTrue: Uint8Array,
  prob: Float64Array,
  bins = 10,
): { bin: number; predicted: number; observed: number; count: number }[] {
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  const cnt = new Float64Array(bins);
  for (let i = 0; i < yTrue.length; i++) {
    const p = prob[i] as number;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    sumP[b] = (sumP[b] as number) + p;
    sumY[b] = (sumY[b] as number) + (yTrue[i] as number);
    cnt[b] = (cnt[b] as number) + 1;
  }
  const out = [];
  for (let b = 0; b < bins; b++) {
    const c = cnt[b] as number;
    if (c > 0)
      out.push({
        bin: (b + 0.5) / bins,
        predicted: (sumP[b] as number) / c,
        observed: (sumY[b] as number) / c,
        count: c,
      });
  }
  return out;
}

/** Keeps at most `max` points, always keeping the first and last, evenly spaced by index. */
export function downsample<T>(points: T[], max = 200): T[] {
  if (points.length <= max) return points;
  const out: T[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)] as T);
  return out;
}
