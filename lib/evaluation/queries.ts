// Evaluation reads: a version's evaluations (listed, summarized, one with all its figures), their
// jobs' progress, and the production version's metrics for side-by-side display.
import "server-only";
import { desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { evaluations, type EvaluationRow } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { loadModel, loadVersion } from "@/lib/registry/load";
import { getVersion } from "@/lib/registry/queries";
import { listJobs, type JobView } from "@/lib/workers/jobs";
import type { EvaluationResult } from "./compute";

/** The metrics of the model's production version, unless that is `exceptVersion` itself. */
export function productionMetrics(
  actor: Actor,
  modelName: string,
  exceptVersion?: number,
): { version: number; metrics: Record<string, number> } | null {
  try {
    const prod = getVersion(actor, modelName, "production");
    return prod.version === exceptVersion
      ? null
      : { version: prod.version, metrics: prod.metrics };
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") return null;
    throw error;
  }
}

export type EvaluationDto = ReturnType<typeof toDto>;
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
export function toDto(row: EvaluationRow) {
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
