// Evaluations of a version: logged precomputed, or computed here from raw predictions. Their scalar
// metrics are merged into the version's metrics, so gates, lists and comparisons see them (and an
// open request on the version goes stale, as its evidence changed).
import "server-only";
import { desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { evaluations, modelVersions, versionMetrics, type EvaluationRow } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { importanceBudget } from "@/lib/config";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError, parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { regressionMetrics, rocAuc } from "@/lib/ml/metrics";
import { versionForContentChange } from "@/lib/registry/immutability";
import { loadModel, loadVersion } from "@/lib/registry/load";
import type { Signature } from "@/lib/registry/registry.validation";
import { predictMatrix, verifiedModelFile } from "@/lib/serving/serving";
import { evaluateBinary, evaluateMulticlass, evaluateRegression, fairnessMetrics, fairnessOf, type EvaluationResult } from "./compute";
import { MAX_ROWS, precomputedSchema, rawSchema } from "./evaluation.validation";
import { budgetSample, MIN_SAMPLE_ROWS, permutationImportance } from "./permutation";

export type EvaluationDto = ReturnType<typeof toDto>;

/**
 * Logs an evaluation. Asynchronous because raw predictions sent with their `features` get
 * permutation importance computed by running the version's ONNX model; nothing is written until
 * every figure is computed, so a refused payload stores nothing.
 */
export async function logEvaluation(actor: Actor, modelName: string, version: string | number, input: unknown): Promise<EvaluationDto> {
  assertCan(actor, "versions.write");
  // Who may, and whether the version still takes evidence, before any figure is computed.
  versionForContentChange(getDb(), actor, modelName, version, "evaluations and metrics", "metrics");
  const body = (input ?? {}) as Record<string, unknown>;
  if (Array.isArray(body.y_true) && body.y_true.length > MAX_ROWS) {
    throw new DomainError("too_large", `y_true has ${body.y_true.length} rows; at most ${MAX_ROWS} are accepted in one evaluation`, { fields: { y_true: ["Too many rows"] } });
  }
  const isRaw = "y_true" in body;
  const { meta, result, scoring } = isRaw ? fromRaw(body) : { ...fromPrecomputed(body), scoring: null };
  let importance: ImportanceRow[] = Object.entries(meta.feature_importance ?? {})
    .map(([feature, value]) => ({ feature, value }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  if ("features" in meta && meta.features && Object.keys(meta.features).length > 0) {
    importance = await permutationOf(modelName, version, meta.features, meta.permutation_repeats, scoring);
  }
  return getDb().transaction(
    (tx) => {
      // Its scalar metrics merge into the version's, which gates read: frozen after review.
      const { version: v, actingAsAdmin } = versionForContentChange(tx, actor, modelName, version, "evaluations and metrics", "metrics");
      const now = Date.now();
      const row = tx
        .insert(evaluations)
        .values({
          versionId: v.id,
          dataset: meta.dataset,
          split: meta.split,
          task: result.task,
          rows: result.rows || null,
          metrics: JSON.stringify(result.metrics),
          curves: JSON.stringify(result.curves),
          confusion: result.confusion ? JSON.stringify(result.confusion) : null,
          slices: JSON.stringify(result.slices),
          fairness: JSON.stringify(result.fairness),
          history: JSON.stringify(meta.history ?? []),
          importance: JSON.stringify(importance),
          createdBy: actor.id === "system" ? null : actor.id,
          createdAt: now,
        })
        .returning()
        .get();
      for (const [key, value] of Object.entries(result.metrics)) {
        tx.insert(versionMetrics).values({ versionId: v.id, key, value }).onConflictDoUpdate({ target: [versionMetrics.versionId, versionMetrics.key], set: { value } }).run();
      }
      tx.update(modelVersions).set({ updatedAt: now }).where(eq(modelVersions.id, v.id)).run();
      emit(tx, actor, { action: "evaluation.logged", entityType: "model_version", entityId: v.id, after: { evaluation_id: row.id, dataset: meta.dataset, split: meta.split, rows: result.rows, metrics: result.metrics }, actingAsAdmin });
      return toDto(row);
    },
    { behavior: "immediate" },
  );
}

export function listEvaluations(actor: Actor, modelName: string, version: string): EvaluationDto[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  return db.select().from(evaluations).where(eq(evaluations.versionId, v.id)).orderBy(desc(evaluations.id)).all().map(toDto);
}

function fromRaw(body: Record<string, unknown>) {
  const d = parseInput(rawSchema, body);
  const regression = d.task === "regression" || (d.task === undefined && !d.y_score && d.y_true.every((v) => typeof v === "number") && new Set(d.y_true).size > 2 && d.y_pred?.every((v) => typeof v === "number"));
  let result: EvaluationResult;
  let scoring: Truth | null = null;
  if (regression) {
    if (!d.y_pred) throw new DomainError("invalid", "Regression needs y_pred", { fields: { y_pred: ["Required for regression"] } });
    if (!d.y_true.every((v) => typeof v === "number") || !d.y_pred.every((v) => typeof v === "number")) throw new DomainError("invalid", "Regression needs numeric y_true and y_pred", { fields: { y_true: ["Must be numbers"] } });
    result = evaluateRegression(Float64Array.from(d.y_true as number[]), Float64Array.from(d.y_pred as number[]));
    scoring = { metric: "rmse", y: d.y_true as number[] };
  } else {
    const truth = d.y_true.map(String);
    const labels = (d.labels ?? [...new Set(truth)].sort()).map(String);
    const known = new Set(labels);
    const unknownTrue = truth.find((t) => !known.has(t));
    if (unknownTrue !== undefined) throw new DomainError("invalid", `y_true has the label '${unknownTrue}', which is not among labels [${labels.join(", ")}]`, { fields: { y_true: ["Unknown class label"] } });
    if (d.y_score) {
      if (labels.length !== 2) throw new DomainError("invalid", `y_score needs exactly two classes; y_true has ${labels.length} (${labels.slice(0, 5).join(", ")}...): send y_pred for multi-class`, { fields: { y_true: ["Not binary"] } });
      const positive = d.positive_label !== undefined ? String(d.positive_label) : (labels.find((l) => ["1", "true", "yes", "positive"].includes(l.toLowerCase())) ?? (labels[1] as string));
      if (!known.has(positive)) throw new DomainError("invalid", `positive_label '${positive}' is not in y_true`, { fields: { positive_label: ["Not a label of y_true"] } });
      const negative = labels.find((l) => l !== positive) as string;
      const y = Uint8Array.from(truth, (t) => (t === positive ? 1 : 0));
      const groups = Object.fromEntries(Object.entries(d.groups ?? {}).map(([k, vals]) => [k, vals.map((x) => (x === null ? "(missing)" : String(x)))]));
      try {
        result = evaluateBinary(y, Float64Array.from(d.y_score), groups, d.threshold, [negative, positive]);
        scoring = { metric: "auc", y: Array.from(y) };
      } catch (e) {
        throw new DomainError("invalid", e instanceof Error ? e.message : String(e), { fields: { y_true: ["Needs both classes"] } });
      }
    } else {
      const pred = (d.y_pred ?? []).map(String);
      const unknownPred = pred.find((p) => !known.has(p));
      if (unknownPred !== undefined) throw new DomainError("invalid", `y_pred has the label '${unknownPred}', which is not among labels [${labels.join(", ")}]`, { fields: { y_pred: ["Unknown class label"] } });
      result = evaluateMulticlass(truth, pred, labels);
    }
  }
  return { meta: d, result, scoring };
}

/** What a permuted prediction is scored against: AUC for a binary classifier, RMSE for a regression. */
type Truth = { metric: "auc" | "rmse"; y: number[] };
export type ImportanceRow = {
  feature: string;
  value: number;
  std?: number;
  method?: "permutation";
  metric?: string;
  /** Set when the work budget made permutation importance run on a sample: `rows` of `of`. */
  sampled?: { rows: number; of: number };
};

async function permutationOf(modelName: string, version: string | number, features: Record<string, number[]>, repeats: number, truth: Truth | null): Promise<ImportanceRow[]> {
  const fail = (message: string) => new DomainError("invalid", message, { fields: { features: [message] } });
  if (!truth) throw fail("permutation importance needs a binary classifier's y_score or a regression's y_pred, to score the shuffled predictions against y_true");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  const signature = v.signature ? (JSON.parse(v.signature) as Signature) : null;
  const onnx = verifiedModelFile(db, v)?.sha256 ?? null;
  if (!signature?.inputs.length || !onnx) throw new DomainError("conflict", `permutation importance runs the version's model: v${v.version} needs an input signature and a .onnx artifact`, { fields: { features: ["No ONNX model to run"] } });
  const names = signature.inputs.map((i) => i.name);
  const missing = names.find((n) => !(n in features));
  if (missing) throw fail(`features lacks the model input '${missing}' (inputs: ${names.join(", ")})`);
  const extra = Object.keys(features).find((n) => !names.includes(n));
  if (extra) throw fail(`features has '${extra}', which is not a model input (inputs: ${names.join(", ")})`);
  // The work is rows × features × repeats model rows; past the budget it is estimated on a sample.
  const total = truth.y.length;
  const budget = importanceBudget();
  const sample = budgetSample(total, names.length, repeats, budget, 42, truth.metric === "auc" ? truth.y : undefined);
  if (sample && sample.length < MIN_SAMPLE_ROWS) {
    throw new DomainError(
      "unprocessable",
      `permutation importance over ${names.length} features × ${repeats} repeats would fit only ${sample.length} rows in the work budget of ${budget.toLocaleString("en-US")} (STAGELINE_IMPORTANCE_BUDGET); at least ${MIN_SAMPLE_ROWS} are needed: send fewer permutation_repeats`,
      { fields: { permutation_repeats: ["Over the work budget"] } },
    );
  }
  const pick = (values: number[]) => (sample ? Array.from(sample, (i) => values[i] as number) : values);
  const y = pick(truth.y);
  const scoreOn =
    truth.metric === "auc"
      ? (p: Float32Array) => rocAuc(y, Array.from(p))
      : (p: Float32Array) => -regressionMetrics(y, Array.from(p)).rmse;
  const { importances } = await permutationImportance(
    (data, rows, cols) => predictMatrix(onnx, data, rows, cols),
    names.map((name) => ({ name, values: pick(features[name] as number[]) })),
    scoreOn,
    { repeats, seed: 42 },
  );
  const sampled = sample ? { sampled: { rows: sample.length, of: total } } : {};
  return importances.map((i) => ({ ...i, method: "permutation" as const, metric: truth.metric, ...sampled }));
}

function fromPrecomputed(body: Record<string, unknown>) {
  const d = parseInput(precomputedSchema, body);
  const slices = (d.slices ?? []).map((s) => ({ ...s, tpr: s.tpr ?? null, fpr: s.fpr ?? null, accuracy: s.accuracy ?? 0 }));
  const fairness = [...new Set(slices.map((s) => s.attribute))].map((a) => fairnessOf(a, slices.filter((s) => s.attribute === a)));
  const result: EvaluationResult = {
    task: d.task,
    rows: 0,
    metrics: { ...fairnessMetrics(fairness), ...d.metrics },
    curves: { roc: d.curves?.roc, pr: d.curves?.pr, calibration: d.curves?.calibration },
    confusion: d.confusion_matrix,
    slices,
    fairness,
  };
  return { meta: d, result };
}

function toDto(row: EvaluationRow) {
  return {
    id: row.id,
    dataset: row.dataset,
    split: row.split,
    task: row.task,
    rows: row.rows,
    metrics: JSON.parse(row.metrics) as Record<string, number>,
    curves: JSON.parse(row.curves) as EvaluationResult["curves"],
    confusion: row.confusion ? (JSON.parse(row.confusion) as NonNullable<EvaluationResult["confusion"]>) : null,
    slices: JSON.parse(row.slices) as EvaluationResult["slices"],
    fairness: JSON.parse(row.fairness) as EvaluationResult["fairness"],
    history: JSON.parse(row.history) as { step: number; metric: string; value: number }[],
    importance: JSON.parse(row.importance) as ImportanceRow[],
    created_at: row.createdAt,
  };
}

export type EvaluationSummary = { id: number; dataset: string; split: string; rows: number | null; created_at: number };

/** The version's evaluations without their figures (for navigation), newest first. */
export function evaluationSummaries(actor: Actor, modelName: string, version: string): EvaluationSummary[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  return db
    .select({ id: evaluations.id, dataset: evaluations.dataset, split: evaluations.split, rows: evaluations.rows, created_at: evaluations.createdAt })
    .from(evaluations)
    .where(eq(evaluations.versionId, v.id))
    .orderBy(desc(evaluations.id))
    .all();
}

/** One evaluation with all its figures; it must belong to the given version. */
export function getEvaluation(actor: Actor, modelName: string, version: string, id: number): EvaluationDto {
  assertCan(actor, "models.read");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  const row = db.select().from(evaluations).where(eq(evaluations.id, id)).get();
  if (!row || row.versionId !== v.id) throw new DomainError("not_found", `Evaluation #${id} not found on version ${v.version} of '${modelName}'`);
  return toDto(row);
}
