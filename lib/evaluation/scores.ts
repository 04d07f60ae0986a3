// Scalar scores of predictions that more than one figure needs: the evaluation (compute.ts), the
// scorer of permutation importance (lib/workers/heavy.worker.ts) and a model's training history
// (lib/ml/models.ts) all call these, so a metric has one definition wherever it is shown.
// ROC AUC is rocPr's (curves.ts): it comes out of the same sweep as the curves.

/** RMSE, MAE and R² (0 when y_true is constant, rather than NaN). */
export function regressionScores(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
): { rmse: number; mae: number; r2: number } {
  const n = yTrue.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i] as number;
  mean /= n;
  let se = 0,
    ae = 0,
    tot = 0;
  for (let i = 0; i < n; i++) {
    const e = (yPred[i] as number) - (yTrue[i] as number);
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

/**
 * Mean log loss of probabilities of the positive class (y 0/1). Each probability is clipped to
 * [1e-15, 1 - 1e-15], so one confident mistake costs about 34.5 rather than Infinity.
 */
export function logLoss(
  yTrue: ArrayLike<number>,
  prob: ArrayLike<number>,
): number {
  const n = yTrue.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(Math.max(prob[i] as number, 1e-15), 1 - 1e-15);
    sum -= yTrue[i] ? Math.log(p) : Math.log(1 - p);
  }
  return sum / n;
}
