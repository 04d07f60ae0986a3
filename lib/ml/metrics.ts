// Evaluation metrics computed from real predictions.

export function regressionMetrics(
  yTrue: number[],
  yPred: number[],
): { rmse: number; mae: number; r2: number } {
  assertSameLength(yTrue, yPred);
  const n = yTrue.length;
  const mean = yTrue.reduce((a, b) => a + b, 0) / n;
  let se = 0;
  let ae = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const e = (yTrue[i] as number) - (yPred[i] as number);
    se += e * e;
    ae += Math.abs(e);
    tot += ((yTrue[i] as number) - mean) ** 2;
  }
  return {
    rmse: Math.sqrt(se / n),
    mae: ae / n,
    r2: tot === 0 ? 0 : 1 - se / tot,
  };
}

/** ROC AUC by the trapezoid rule; tied scores form one step (so ties count half). */
export function rocAuc(yTrue: number[], score: number[]): number {
  assertSameLength(yTrue, score);
  const pos = yTrue.filter((y) => y === 1).length;
  const neg = yTrue.length - pos;
  if (pos === 0 || neg === 0)
    throw new Error("AUC needs both classes in y_true");
  const order = score
    .map((s, i) => [s, yTrue[i] as number] as const)
    .sort((a, b) => b[0] - a[0]);
  let tp = 0;
  let fp = 0;
  let prevTp = 0;
  let prevFp = 0;
  let area = 0;
  for (let i = 0; i < order.length; i++) {
    const [s, y] = order[i] as readonly [number, number];
    if (y === 1) tp += 1;
    else fp += 1;
    const next = order[i + 1];
    if (next === undefined || next[0] !== s) {
      area += ((fp - prevFp) / neg) * ((tp + prevTp) / 2 / pos);
      prevTp = tp;
      prevFp = fp;
    }
  }
  return area;
}

export function classificationMetrics(
  yTrue: number[],
  prob: number[],
  threshold = 0.5,
) {
  assertSameLength(yTrue, prob);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  let logLoss = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const y = yTrue[i] as number;
    const p = Math.min(Math.max(prob[i] as number, 1e-15), 1 - 1e-15);
    const hit = p >= threshold;
    if (hit && y === 1) tp++;
    else if (hit) fp++;
    else if (y === 1) fn++;
    else tn++;
    logLoss -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return {
    accuracy: (tp + tn) / yTrue.length,
    precision,
    recall,
    f1:
      precision + recall === 0
        ? 0
        : (2 * precision * recall) / (precision + recall),
    auc: rocAuc(yTrue, prob),
    log_loss: logLoss / yTrue.length,
  };
}

function assertSameLength(a: unknown[], b: unknown[]): void {
  if (a.length !== b.length)
    throw new Error(
      `length mismatch: ${a.length} labels, ${b.length} predictions`,
    );
  if (a.length === 0) throw new Error("no rows to evaluate");
}
