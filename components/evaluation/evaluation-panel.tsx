"use client";
import { HBarChart } from "@/components/charts/bar-chart";
import { ConfusionMatrix } from "@/components/charts/confusion-matrix";
import { CurveChart } from "@/components/charts/curve-chart";
import type { EvaluationDto } from "@/lib/evaluation/queries";
import { formatMetric } from "@/lib/format";

/** Every chart of one evaluation. Takes plain serialisable data from the server page. */
export function EvaluationPanel({
  evaluation: e,
  label,
}: {
  evaluation: EvaluationDto;
  label: string;
}) {
  const auc = e.metrics.auc;
  const prAuc = e.metrics.pr_auc;
  const metricsOverHistory = [...new Set(e.history.map((h) => h.metric))];
  const groups = e.slices;
  const permutation =
    e.importance[0]?.method === "permutation"
      ? (e.importance[0].metric ?? "score")
      : null;
  const sampled = e.importance[0]?.sampled;
  const maxRate = (attribute: string) =>
    Math.max(
      ...groups
        .filter((g) => g.attribute === attribute)
        .map((g) => g.selection_rate),
    );
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
      {e.curves.roc ? (
        <CurveChart
          title="ROC curve"
          xLabel="False positive rate"
          yLabel="True positive rate"
          unitDomain
          diagonal
          series={[
            {
              name: `${label} (AUC ${auc === undefined || auc === null ? "?" : formatMetric(auc)})`,
              points: e.curves.roc,
            },
          ]}
        />
      ) : null}
      {e.curves.pr ? (
        <CurveChart
          title="Precision-recall curve"
          xLabel="Recall"
          yLabel="Precision"
          unitDomain
          series={[
            {
              name: `${label} (PR-AUC ${prAuc === undefined || prAuc === null ? "?" : formatMetric(prAuc)})`,
              points: e.curves.pr,
            },
          ]}
        />
      ) : null}
      {e.confusion ? (
        <ConfusionMatrix
          labels={e.confusion.labels}
          matrix={e.confusion.matrix}
        />
      ) : null}
      {e.curves.calibration ? (
        <CurveChart
          title="Calibration"
          xLabel="Mean predicted probability"
          yLabel="Observed positive rate"
          unitDomain
          diagonal
          series={[
            {
              name: label,
              points: e.curves.calibration.map((b) => ({
                x: b.predicted,
                y: b.observed,
              })),
            },
          ]}
        />
      ) : null}
      {e.curves.residuals ? (
        <HBarChart
          title="Residuals (prediction − actual)"
          valueLabel="rows"
          integer
          data={e.curves.residuals.map((b) => ({
            label: b.bin.toFixed(2),
            value: b.count,
          }))}
        />
      ) : null}
      {e.task === "classification" ? (
        <CurveChart
          title="Training history"
          xLabel="Step"
          yLabel="Value"
          xInteger
          series={metricsOverHistory.map((m) => ({
            name: m,
            points: e.history
              .filter((h) => h.metric === m)
              .map((h) => ({ x: h.step, y: h.value })),
          }))}
          empty="No training history logged. Send history: [{step, metric, value}] with the evaluation."
        />
      ) : null}
      {e.task === "classification" ? (
        <HBarChart
          title="Fairness: selection rate relative to the highest group"
          valueLabel="ratio to highest selection rate"
          reference={{ value: 0.8, label: "80% rule" }}
          data={groups.map((g) => {
            const ratio = maxRate(g.attribute)
              ? g.selection_rate / maxRate(g.attribute)
              : 1;
            return {
              label: `${g.attribute}=${g.group}`,
              value: ratio,
              flagged: ratio < 0.8,
            };
          })}
          extraColumns={{
            name: "count / TPR / FPR",
            values: groups.map(
              (g) =>
                `${g.count} / ${g.tpr?.toFixed(3) ?? "—"} / ${g.fpr?.toFixed(3) ?? "—"}`,
            ),
          }}
          empty="No group columns were sent. Send groups: {sex: [...], age_band: [...]} with raw predictions to see fairness per group."
        />
      ) : null}
      {permutation ? (
        <HBarChart
          title={`Feature importance: permutation (${permutation === "rmse" ? "RMSE increase" : `${permutation.toUpperCase()} drop`} when the feature is shuffled${sampled ? `; estimated on ${sampled.rows.toLocaleString("en-US")} sampled rows of ${sampled.of.toLocaleString("en-US")}` : ""})`}
          valueLabel={
            permutation === "rmse"
              ? "RMSE increase"
              : `${permutation.toUpperCase()} drop`
          }
          data={e.importance.map((i) => ({ label: i.feature, value: i.value }))}
          extraColumns={{
            name: "std over shuffles",
            values: e.importance.map((i) => (i.std ?? 0).toFixed(4)),
          }}
        />
      ) : (
        <HBarChart
          title="Feature importance"
          valueLabel="importance"
          data={e.importance.map((i) => ({ label: i.feature, value: i.value }))}
          empty="No feature importance logged. Send feature_importance: {feature: value} (e.g. coefficients), or the input columns as features: {name: [...]} to have Stageline compute permutation importance with the version's ONNX model."
        />
      )}
    </div>
  );
}
