// The worker-thread entry for CPU-heavy work: each export is one task the pool (pool.ts) runs by
// name, returning a TaskOutcome. Computation on what the caller sends (JSON text, typed arrays, a
// model's bytes): no database or storage, so a task is the same function whether it runs here or inline
// (the CLI). Compiled to <distDir>/workers/heavy.mjs by scripts/build-workers.mjs.
import os from "node:os";
import { isMainThread, type MessagePort } from "node:worker_threads";
import {
  compareFeature,
  type FeatureDrift,
  type RefRow,
} from "@/lib/drift/compare";
import {
  permutationImportanceOf,
  type FeatureImportance,
  type Scorer,
} from "@/lib/evaluation/permutation";
import {
  prepareInput,
  type EvaluationInput,
  type Prepared,
} from "@/lib/evaluation/prepare";
import { DomainError } from "@/lib/errors";
import { rocPr } from "@/lib/evaluation/curves";
import { regressionScores } from "@/lib/evaluation/scores";
import { createCheckedSession, runRows } from "@/lib/onnx/session";
import { outcomeOf, outcomeOfAsync, type TaskOutcome } from "./outcome";

/** How much lower than the request loops this thread runs (a nice value, 0..19). */
const HEAVY_NICE = 10;
// On Linux a thread is its own task, so this lowers the priority of this worker thread alone (and of
// the threads onnxruntime starts from it): while an evaluation or a permutation run takes a core,
// the processes answering pages and predictions get it first when they need it. Elsewhere
// setpriority would reach the whole server process, so it is left alone.
if (!isMainThread && process.platform === "linux") {
  try {
    os.setPriority(0, HEAVY_NICE);
  } catch {
    // A container that forbids it keeps the default priority.
  }
}

/** The nice value this worker thread runs at (HEAVY_NICE on Linux; the tests check it). */
export function threadPriority(): TaskOutcome<number> {
  return outcomeOf(() => os.getPriority(0));
}

/** Progress is posted on a port the caller sends with the task: `{ done: 0..1, stage }`. */
export type WithPort<T> = T & { port?: MessagePort };

export function evaluate({
  port,
  ...input
}: WithPort<EvaluationInput>): TaskOutcome<Prepared> {
  try {
    return outcomeOf(() =>
      prepareInput(input, (done, stage) => port?.postMessage({ done, stage })),
    );
  } finally {
    port?.close();
  }
}

/** One drift comparison per (reference, live values) pair; live values arrive as transferred Float64Arrays. */
export function drift({
  pairs,
}: {
  pairs: { ref: RefRow; live: Float64Array }[];
}): TaskOutcome<FeatureDrift[]> {
  return outcomeOf(() =>
    pairs.map(({ ref, live }) => compareFeature(ref, Array.from(live))),
  );
}

export type PermutationInput = {
  /** The model's bytes, read and checked by the caller through the blob store, transferred. */
  model: Uint8Array;
  /** How errors name the model (its artifact path). */
  label: string;
  names: string[];
  /** Row-major float32 [rows, cols], transferred. */
  data: Float32Array;
  rows: number;
  cols: number;
  /** Ground truth of the rows, transferred: 0/1 for AUC, values for RMSE. */
  y: Float64Array;
  metric: "auc" | "rmse";
  repeats: number;
  seed: number;
};

/** Permutation importance: every shuffle, model run and score of every feature and repeat, here. */
export async function permutation({
  port,
  ...p
}: WithPort<PermutationInput>): Promise<TaskOutcome<FeatureImportance[]>> {
  try {
    return await outcomeOfAsync(async () => {
      const session = await createCheckedSession(p.model, p.label);
      try {
        const { importances } = await permutationImportanceOf(
          (data, rows, cols) => runRows(session, p.label, data, rows, cols),
          p,
          scorerOf(p),
          {
            repeats: p.repeats,
            seed: p.seed,
            progress: (done) =>
              port?.postMessage({ done, stage: "permutation importance" }),
          },
        );
        return importances;
      } finally {
        await session.release();
      }
    });
  } finally {
    port?.close();
  }
}

/** Higher is better: the evaluation's own ROC AUC, or its RMSE negated, of one model run. */
function scorerOf(p: PermutationInput): Scorer {
  const labels = p.metric === "auc" ? Uint8Array.from(p.y) : null;
  return (pred) => {
    // A model that answers each row with several values (class probabilities, say) cannot be
    // scored against one truth per row.
    if (pred.length !== p.y.length)
      throw new DomainError(
        "unprocessable",
        `The ONNX model '${p.label}' gave ${pred.length} values for ${p.y.length} rows; permutation importance scores one prediction per row`,
      );
    const bad = pred.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new DomainError(
        "unprocessable",
        `The ONNX model '${p.label}' gave ${pred[bad]} for row ${bad}; permutation importance needs a finite prediction for every row`,
      );
    return labels
      ? rocPr(labels, Float64Array.from(pred)).auc
      : -regressionScores(p.y, pred).rmse;
  };
}
