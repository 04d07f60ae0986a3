// How a metric's key reads for people: the common ones by name (the key stays visible beside it,
// since MLflow code logs by key), anything else as its key with spaces; and a value against
// production's, said the same way on every page. Client-safe.
import { formatMetric } from "@/lib/format";
import { lowerIsBetter } from "@/lib/lifecycle/gates";

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

/** A value against a reference (production's), in words: "▲ +0.0123 better", "▼ -0.0200 worse",
 *  "= same". `better` is null when they are equal; lower is better for errors and losses. */
export function metricChange(
  key: string,
  value: number,
  reference: number,
): { diff: number; better: boolean | null; text: string } {
  const diff = value - reference;
  if (diff === 0) return { diff, better: null, text: "= same" };
  const better = lowerIsBetter(key) ? diff < 0 : diff > 0;
  return {
    diff,
    better,
    text: `${diff > 0 ? "▲ +" : "▼ "}${formatMetric(diff)} ${better ? "better" : "worse"}`,
  };
}
