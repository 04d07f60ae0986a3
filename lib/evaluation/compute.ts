// Everything Stageline derives from raw predictions: scalar metrics, curves, the confusion matrix,
// per-group figures and fairness measures. Pure functions over typed arrays (fast at 1M rows).
import { calibration, downsample, rocPr, type Point } from "./curves";
import { logLoss, regressionScores } from "./scores";

export type GroupFigures = {
  attribute: string;
  group: string;
  count: number;
  selection_rate: number;
  tpr: number | null;
  fpr: number | null;
  accuracy: number;
};
export type Fairness = {
  attribute: string;
  demographic_parity_difference: number;
  demographic_parity_ratio: number;
  equalized_odds_difference: number;
  equal_opportunity_difference: number;
  disparate_impact: number;
  passes_80_percent_rule: boolean;
};
export type EvaluationResult = {
  task: "classification" | "regression";
  rows: number;
  metrics: Record<string, number>;
  curves: {
    roc?: Point[];
    pr?: Point[];
    calibration?: ReturnType<typeof calibration>;
    residuals?: { bin: number; count: number }[];
  };
  confusion?: { labels: string[]; matrix: number[][] };
  slices: GroupFigures[];
  fairness: Fairness[];
};

export function evaluateBinary(
  yTrue: Uint8Array,
  score: Float64Array,
  groups: Record<string, string[]> = {},
  threshold = 0.5,
  labels: [string, string] = ["0", "1"],
): EvaluationResult {
  const n = yTrue.length;
  const curves = rocPr(yTrue, score);
  let tp = 0,
    fp = 0,
    tn = 0,
    fn = 0,
    brier = 0;
  const isProb = score.every((s) => s >= 0 && s <= 1);
  for (let i = 0; i < n; i++) {
    const y = yTrue[i] as number;
    const s = score[i] as number;
    const hit = s >= threshold;
    if (hit) {
      if (y) tp++;
      else fp++;
    } else if (y) fn++;
    else tn++;
    if (isProb) brier += (s - y) ** 2;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const metrics: Record<string, number> = {
    accuracy: (tp + tn) / n,
    precision,
    recall,
    f1:
      precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    auc: curves.auc,
    pr_auc: curves.prAuc,
    average_precision: curves.averagePrecision,
  };
  if (isProb) {
    metrics.log_loss = logLoss(yTrue, score);
    metrics.brier = brier / n;
  }
  const predicted = new Uint8Array(n);
  for (let i = 0; i < n; i++)
    predicted[i] = (score[i] as number) >= threshold ? 1 : 0;
  const { slices, fairness } = groupFigures(yTrue, predicted, groups);
  // The worst attribute is what a gate like `disparate_impact >= 0.8` should see.
  Object.assign(metrics, fairnessMetrics(fairness));
  return {
    task: "classification",
    rows: n,
    metrics,
    curves: {
      roc: downsample(curves.roc),
      pr: downsample(curves.pr),
      calibration: isProb ? calibration(yTrue, score) : undefined,
    },
    confusion: {
      labels,
      matrix: [
        [tn, fp],
        [fn, tp],
      ],
    },
    slices,
    fairness,
  };
}

export function evaluateRegression(
  yTrue: Float64Array,
  yPred: Float64Array,
): EvaluationResult {
  const n = yTrue.length;
  let ape = 0,
    apeN = 0;
  let minR = Infinity,
    maxR = -Infinity;
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = (yPred[i] as number) - (yTrue[i] as number);
    residuals[i] = e;
    if (yTrue[i] !== 0) {
      ape += Math.abs(e / (yTrue[i] as number));
      apeN++;
    }
    if (e < minR) minR = e;
    if (e > maxR) maxR = e;
  }
  const bins = 20;
  const width = (maxR - minR) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const r of residuals) {
    const b = Math.min(bins - 1, Math.floor((r - minR) / width));
    counts[b] = (counts[b] as number) + 1;
  }
  const metrics: Record<string, number> = regressionScores(yTrue, yPred);
  if (apeN) metrics.mape = ape / apeN;
  return {
    task: "regression",
    rows: n,
    metrics,
    curves: {
      residuals: counts.map((count, b) => ({
        bin: minR + (b + 0.5) * width,
        count,
      })),
    },
    slices: [],
    fairness: [],
  };
}

/** Multi-class from predicted labels: accuracy, macro F1 and the confusion matrix. */
export function evaluateMulticlass(
  yTrue: string[],
  yPred: string[],
  labels: string[],
): EvaluationResult {
  const index = new Map(labels.map((l, i) => [l, i]));
  const m = labels.map(() => new Array<number>(labels.length).fill(0));
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i] as string) as number;
    const p = index.get(yPred[i] as string) as number;
    const row = m[t] as number[];
    row[p] = (row[p] as number) + 1;
    if (t === p) correct++;
  }
  let f1Sum = 0;
  labels.forEach((_, k) => {
    const tp = (m[k] as number[])[k] as number;
    const fp = m.reduce(
      (s, row, r) => s + (r === k ? 0 : (row[k] as number)),
      0,
    );
    const fn = (m[k] as number[]).reduce((s, v, c) => s + (c === k ? 0 : v), 0);
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp + fn ? tp / (tp + fn) : 0;
    f1Sum += p + r ? (2 * p * r) / (p + r) : 0;
  });
  return {
    task: "classification",
    rows: yTrue.length,
    metrics: {
      accuracy: correct / yTrue.length,
      macro_f1: f1Sum / labels.length,
    },
    curves: {},
    confusion: { labels, matrix: m },
    slices: [],
    fairness: [],
  };
}

function groupFigures(
  yTrue: Uint8Array,
  predicted: Uint8Array,
  groups: Record<string, string[]>,
): { slices: GroupFigures[]; fairness: Fairness[] } {
  const slices: GroupFigures[] = [];
  const fairness: Fairness[] = [];
  for (const [attribute, values] of Object.entries(groups)) {
    const stats = new Map<
      string,
      {
        n: number;
        sel: number;
        pos: number;
        tp: number;
        neg: number;
        fp: number;
        correct: number;
      }
    >();
    for (let i = 0; i < values.length; i++) {
      const g = values[i] as string;
      let s = stats.get(g);
      if (!s)
        stats.set(
          g,
          (s = { n: 0, sel: 0, pos: 0, tp: 0, neg: 0, fp: 0, correct: 0 }),
        );
      const y = yTrue[i] as number;
      const p = predicted[i] as number;
      s.n++;
      s.sel += p;
      if (y) {
        s.pos++;
        s.tp += p;
      } else {
        s.neg++;
        s.fp += p;
      }
      if (y === p) s.correct++;
    }
    const rows = [...stats.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([group, s]) => ({
        attribute,
        group,
        count: s.n,
        selection_rate: s.sel / s.n,
        tpr: s.pos ? s.tp / s.pos : null,
        fpr: s.neg ? s.fp / s.neg : null,
        accuracy: s.correct / s.n,
      }));
    slices.push(...rows);
    fairness.push(fairnessOf(attribute, rows));
  }
  return { slices, fairness };
}

/** Fairness measures of one attribute from its groups' selection rates, TPRs and FPRs. */
export function fairnessOf(
  attribute: string,
  rows: Pick<GroupFigures, "selection_rate" | "tpr" | "fpr">[],
): Fairness {
  const rates = rows.map((r) => r.selection_rate);
  const tprs = rows.map((r) => r.tpr).filter((x): x is number => x !== null);
  const fprs = rows.map((r) => r.fpr).filter((x): x is number => x !== null);
  const spread = (xs: number[]) =>
    xs.length ? Math.max(...xs) - Math.min(...xs) : 0;
  const maxRate = Math.max(...rates);
  const ratio = maxRate === 0 ? 1 : Math.min(...rates) / maxRate;
  return {
    attribute,
    demographic_parity_difference: spread(rates),
    demographic_parity_ratio: ratio,
    equalized_odds_difference: Math.max(spread(tprs), spread(fprs)),
    equal_opportunity_difference: spread(tprs),
    disparate_impact: ratio,
    passes_80_percent_rule: ratio >= 0.8,
  };
}

/** The worst value per fairness measure across attributes, as metrics a gate can test. */
export function fairnessMetrics(fairness: Fairness[]): Record<string, number> {
  if (fairness.length === 0) return {};
  return {
    disparate_impact: Math.min(...fairness.map((f) => f.disparate_impact)),
    demographic_parity_difference: Math.max(
      ...fairness.map((f) => f.demographic_parity_difference),
    ),
    equalized_odds_difference: Math.max(
      ...fairness.map((f) => f.equalized_odds_difference),
    ),
    equal_opportunity_difference: Math.max(
      ...fairness.map((f) => f.equal_opportunity_difference),
    ),
  };
}
