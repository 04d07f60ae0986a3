// Evaluations of a version: logged precomputed, or computed here from raw predictions. Their scalar
// metrics are merged into the version's metrics, so gates, lists and comparisons see them (and an
// open request on the version goes stale, as its evidence changed).
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { evaluations, modelVersions } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError, parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { versionForContentChange } from "@/lib/registry/immutability";
import { writeMetrics } from "@/lib/registry/version-fields";
import { startJob, type Job } from "@/lib/workers/jobs";
import { runTask } from "@/lib/workers/pool";
import { csvMappingSchema, MAX_CSV_BYTES } from "./evaluation.validation";
import { permutationOf } from "./permutation-run";
import type { EvaluationInput } from "./prepare";
import { toDto, type EvaluationDto, type ImportanceRow } from "./queries";
import { now as clockNow } from "@/lib/clock";

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
  return logFrom(actor, modelName, version, { body: input }, labelOf(input));
}

/**
 * Logs an evaluation from a CSV file of predictions (the upload form on the version page and its
 * REST route): `mapping` names the label column, the score or prediction column and an optional
 * slice column. The file is parsed in the worker thread and computed as raw predictions are, so
 * a bad file (a row with a missing field, a score that is no number) is refused naming its row
 * and column, and stores nothing.
 */
export async function logCsvEvaluation(
  actor: Actor,
  modelName: string,
  version: string | number,
  file: string | (() => Promise<string>),
  mapping: unknown,
): Promise<EvaluationDto> {
  assertCan(actor, "versions.write");
  const m = parseInput(csvMappingSchema, mapping);
  // The route hands over its body reader: a caller who may not log, or whose mapping is wrong, is
  // answered before up to 32 MiB are read.
  const text = typeof file === "string" ? file : await file();
  if (text.length > MAX_CSV_BYTES)
    throw new DomainError(
      "too_large",
      `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MiB`,
      { fields: { file: ["Too large"] }, limit: MAX_CSV_BYTES },
    );
  return logFrom(
    actor,
    modelName,
    version,
    { csv: { text, mapping: m } },
    m.dataset,
  );
}

async function logFrom(
  actor: Actor,
  modelName: string,
  version: string | number,
  input: EvaluationInput,
  label: string,
): Promise<EvaluationDto> {
  // Who may, and whether the version still takes evidence, before any figure is computed.
  const { version: target } = versionForContentChange(
    getDb(),
    actor,
    modelName,
    version,
    "evaluations and metrics",
    "metrics",
  );
  const job = startJob("evaluation", target.id, label);
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

async function computeAndStore(
  actor: Actor,
  modelName: string,
  version: string | number,
  input: EvaluationInput,
  job: Job,
): Promise<EvaluationDto> {
  const { meta, result, scoring } = await runTask("evaluate", input, {
    onProgress: (done, stage) => job.progress(done * 0.9, stage),
  });
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
      const now = clockNow();
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
      writeMetrics(tx, v.id, result.metrics);
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
