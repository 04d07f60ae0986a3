// Evaluations of a version: logged precomputed, or computed here from raw predictions. Their scalar
// metrics are merged into the version's metrics, so gates, lists and comparisons see them (and an
// open request on the version goes stale, as its evidence changed).
import "server-only";
import { asc, desc, eq } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import {
  artifacts,
  evaluations,
  modelVersions,
  versionMetrics,
  type EvaluationRow,
} from "@/db/schema";
import { blobStore } from "@/lib/blobs/blob-store";
import type { Actor } from "@/lib/auth/actor";
import { importanceBudget } from "@/lib/config";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { versionForContentChange } from "@/lib/registry/immutability";
import { loadModel, loadVersion } from "@/lib/registry/load";
import type { Signature } from "@/lib/registry/registry.validation";
import { verifiedModelFile } from "@/lib/serving/serving";
import { listJobs, startJob, type Job, type JobView } from "@/lib/workers/jobs";
import { runTask } from "@/lib/workers/pool";
import type { EvaluationResult } from "./compute";
import type { Truth } from "./prepare";
import { budgetSample, MIN_SAMPLE_ROWS } from "./permutation";

export type EvaluationDto = ReturnType<typeof toDto>;

/**
 * Logs an evaluation. The body is parsed, checked and computed in a worker thread (up to 2M raw
 * rows: seconds of CPU that must not stall pages and predictions), reporting its stages as a job
 * the version page shows (evaluationJobs). Raw predictions sent with their `features` get
 * permutation importance computed by running the version's ONNX model. Nothing is written until
 * every figure is computed, so a refused payload stores nothing. `input` is the body as an object,
 * or its JSON text as it came in (the REST route), which is then parsed in the worker too.
 */
export async function logEvaluation(
  actor: Actor,
  modelName: string,
  version: string | number,
  input: unknown,
): Promise<EvaluationDto> {
  assertCan(actor, "versions.write");
  // Who may, and whether the version still takes evidence, before any figure is computed.
  const { version: target } = versionForContentChange(
    getDb(),
    actor,
    modelName,
    version,
    "evaluations and metrics",
    "metrics",
  );
  const job = startJob("evaluation", target.id, labelOf(input));
  try {
    const dto = await computeAndStore(actor, modelName, version, input, job);
    job.finish(
      `evaluation #${dto.id} (${dto.rows ? `${dto.rows.toLocaleString("en-US")} rows` : "precomputed"})`,
    );
    return dto;
  } catch (error) {
    job.fail(
      error instanceof DomainError
        ? error.message
        : "failed: internal error (see the server log)",
    );
    throw error;
  }
}

/** Progress of the version's recent evaluations (queued, running n%, done, failed), newest first. */
export function evaluationJobs(
  actor: Actor,
  modelName: string,
  version: string,
): JobView[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  return listJobs("evaluation", v.id);
}

async function computeAndStore(
  actor: Actor,
  modelName: string,
  version: string | number,
  input: unknown,
  job: Job,
): Promise<EvaluationDto> {
  const { meta, result, scoring } = await runTask(
    "evaluate",
    { body: input },
    { onProgress: (done, stage) => job.progress(done * 0.9, stage) },
  );
  let importance: ImportanceRow[] = Object.entries(
    meta.feature_importance ?? {},
  )
    .map(([feature, value]) => ({ feature, value }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  if (meta.features && Object.keys(meta.features).length > 0) {
    job.progress(0.9, "permutation importance");
    importance = await permutationOf(
      modelName,
      version,
      meta.features,
      meta.permutation_repeats,
      scoring,
      job.progress,
    );
  }
  job.progress(0.98, "saving");
  return getDb().transaction(
    (tx) => {
      // Its scalar metrics merge into the version's, which gates read: frozen after review.
      const { version: v, actingAsAdmin } = versionForContentChange(
        tx,
        actor,
        modelName,
        version,
        "evaluations and metrics",
        "metrics",
      );
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
        tx.insert(versionMetrics)
          .values({ versionId: v.id, key, value })
          .onConflictDoUpdate({
            target: [versionMetrics.versionId, versionMetrics.key],
            set: { value },
          })
          .run();
      }
      tx.update(modelVersions)
        .set({ updatedAt: now })
        .where(eq(modelVersions.id, v.id))
        .run();
      emit(tx, actor, {
        action: "evaluation.logged",
        entityType: "model_version",
        entityId: v.id,
        after: {
          evaluation_id: row.id,
          dataset: meta.dataset,
          split: meta.split,
          rows: result.rows,
          metrics: result.metrics,
        },
        actingAsAdmin,
      });
      return toDto(row);
    },
    { behavior: "immediate" },
  );
}

/** The dataset's name for the progress line, without parsing a body of many megabytes here. */
function labelOf(input: unknown): string {
  if (typeof input !== "string") {
    const dataset = (input as { dataset?: unknown } | null)?.dataset;
    return typeof dataset === "string" ? dataset.slice(0, 256) : "evaluation";
  }
  const edge = 4096;
  const text =
    input.length > 2 * edge ? input.slice(0, edge) + input.slice(-edge) : input;
  return /"dataset"\s*:\s*"([^"\\]{1,256})"/.exec(text)?.[1] ?? "evaluation";
}

export function listEvaluations(
  actor: Actor,
  modelName: string,
  version: string,
): EvaluationDto[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  return db
    .select()
    .from(evaluations)
    .where(eq(evaluations.versionId, v.id))
    .orderBy(desc(evaluations.id))
    .all()
    .map(toDto);
}

export type ImportanceRow = {
  feature: string;
  value: number;
  std?: number;
  method?: "permutation";
  metric?: string;
  /** Set when the work budget made permutation importance run on a sample: `rows` of `of`. */
  sampled?: { rows: number; of: number };
};

async function permutationOf(
  modelName: string,
  version: string | number,
  features: Record<string, number[]>,
  repeats: number,
  truth: Truth | null,
  progress: (done: number, stage: string) => void,
): Promise<ImportanceRow[]> {
  const fail = (message: string) =>
    new DomainError("invalid", message, { fields: { features: [message] } });
  if (!truth)
    throw fail(
      "permutation importance needs a binary classifier's y_score or a regression's y_pred, to score the shuffled predictions against y_true",
    );
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  const signature = v.signature ? (JSON.parse(v.signature) as Signature) : null;
  const onnx = verifiedModelFile(db, v)?.sha256 ?? null;
  if (!signature?.inputs.length || !onnx)
    throw new DomainError(
      "conflict",
      `permutation importance runs the version's model: v${v.version} needs an input signature and a .onnx artifact`,
      { fields: { features: ["No ONNX model to run"] } },
    );
  const names = signature.inputs.map((i) => i.name);
  const missing = names.find((n) => !(n in features));
  if (missing)
    throw fail(
      `features lacks the model input '${missing}' (inputs: ${names.join(", ")})`,
    );
  const extra = Object.keys(features).find((n) => !names.includes(n));
  if (extra)
    throw fail(
      `features has '${extra}', which is not a model input (inputs: ${names.join(", ")})`,
    );
  // The work is rows × features × repeats model rows; past the budget it is estimated on a sample.
  const total = truth.y.length;
  const budget = importanceBudget();
  const sample = budgetSample(
    total,
    names.length,
    repeats,
    budget,
    42,
    truth.metric === "auc" ? truth.y : undefined,
  );
  if (sample && sample.length < MIN_SAMPLE_ROWS) {
    throw new DomainError(
      "unprocessable",
      `permutation importance over ${names.length} features × ${repeats} repeats would fit only ${sample.length} rows in the work budget of ${budget.toLocaleString("en-US")} (STAGELINE_IMPORTANCE_BUDGET); at least ${MIN_SAMPLE_ROWS} are needed: send fewer permutation_repeats`,
      { fields: { permutation_repeats: ["Over the work budget"] } },
    );
  }
  const rows = sample ? sample.length : total;
  const pick = (values: number[], i: number) =>
    sample ? (values[sample[i] as number] as number) : (values[i] as number);
  // The matrix and the truth move to the worker thread, which loads the model and runs every
  // shuffle there: model runs are synchronous in onnxruntime-node and would block this loop.
  const data = new Float32Array(rows * names.length);
  names.forEach((name, j) => {
    const values = features[name] as number[];
    for (let i = 0; i < rows; i++) data[i * names.length + j] = pick(values, i);
  });
  const y = Float64Array.from({ length: rows }, (_, i) => pick(truth.y, i));
  // The model's bytes are read (and checked against their SHA-256) here, through the blob store,
  // and moved to the thread, which never touches storage itself.
  const label = modelLabel(db, onnx);
  const model = new Uint8Array(await blobStore().read(onnx, `'${label}'`));
  const importances = await runTask(
    "permutation",
    {
      model,
      label,
      names,
      data,
      rows,
      cols: names.length,
      y,
      metric: truth.metric,
      repeats,
      seed: 42,
    },
    {
      transferList: [data.buffer, y.buffer, model.buffer],
      onProgress: (done) =>
        progress(0.9 + done * 0.08, "permutation importance"),
    },
  );
  const sampled = sample ? { sampled: { rows: sample.length, of: total } } : {};
  return importances.map((i) => ({
    ...i,
    method: "permutation" as const,
    metric: truth.metric,
    ...sampled,
  }));
}

/** How errors name a stored model: its artifact path (any version's, the bytes are the same). */
function modelLabel(db: Db, sha256: string): string {
  return (
    db
      .select({ path: artifacts.path })
      .from(artifacts)
      .where(eq(artifacts.sha256, sha256))
      .orderBy(asc(artifacts.path))
      .get()?.path ?? `sha256 ${sha256.slice(0, 12)}`
  );
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
    confusion: row.confusion
      ? (JSON.parse(row.confusion) as NonNullable<
          EvaluationResult["confusion"]
        >)
      : null,
    slices: JSON.parse(row.slices) as EvaluationResult["slices"],
    fairness: JSON.parse(row.fairness) as EvaluationResult["fairness"],
    history: JSON.parse(row.history) as {
      step: number;
      metric: string;
      value: number;
    }[],
    importance: JSON.parse(row.importance) as ImportanceRow[],
    created_at: row.createdAt,
  };
}

export type EvaluationSummary = {
  id: number;
  dataset: string;
  split: string;
  rows: number | null;
  created_at: number;
};

/** The version's evaluations without their figures (for navigation), newest first. */
export function evaluationSummaries(
  actor: Actor,
  modelName: string,
  version: string,
): EvaluationSummary[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  return db
    .select({
      id: evaluations.id,
      dataset: evaluations.dataset,
      split: evaluations.split,
      rows: evaluations.rows,
      created_at: evaluations.createdAt,
    })
    .from(evaluations)
    .where(eq(evaluations.versionId, v.id))
    .orderBy(desc(evaluations.id))
    .all();
}

/** One evaluation with all its figures; it must belong to the given version. */
export function getEvaluation(
  actor: Actor,
  modelName: string,
  version: string,
  id: number,
): EvaluationDto {
  assertCan(actor, "models.read");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  const row = db.select().from(evaluations).where(eq(evaluations.id, id)).get();
  if (!row || row.versionId !== v.id)
    throw new DomainError(
      "not_found",
      `Evaluation #${id} not found on version ${v.version} of '${modelName}'`,
    );
  return toDto(row);
}
