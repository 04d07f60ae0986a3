// How a metric's key reads for people: the common ones by name (the key stays visible beside it,
// since MLflow code logs by key), anything else as its key with spaces. Client-safe.

const NAMES: Record<string, string> = {
  accuracy: "Accuracy",
  auc: "ROC AUC",
  roc_auc: "ROC AUC",
  pr_auc: "PR AUC",
  average_precision: "Average precision",
  precision: "Precision",
  recall: "Recall",
  f1: "F1 score",
  log_loss: "Log loss",
  logloss: "Log loss",
  brier: "Brier score",
  mae: "Mean absolute error",
  mape: "Mean absolute percentage error",
  mse: "Mean squared error",
  rmse: "Root mean squared error",
  r2: "R²",
  demographic_parity_difference: "Demographic parity difference",
  equal_opportunity_difference: "Equal opportunity difference",
  equalized_odds_difference: "Equalized odds difference",
  disparate_impact: "Disparate impact ratio",
  latency_ms: "Latency (ms)",
};

/** The metric's name for people: "ROC AUC" for `auc`, "Mean absolute error" for `mae`. */
export function metricLabel(key: string): string {
  const known = NAMES[key.toLowerCase()];
  if (known) return known;
  const spaced = key.replace(/[_.]+/g, " ").trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
