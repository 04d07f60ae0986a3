// The worker-thread entry for CPU-heavy work: each export is one task the pool (pool.ts) runs by
// name, returning a TaskOutcome. Computation on what the caller sends (JSON text, typed arrays, a
// model's bytes): no database or storage, so a task is the same function whether it runs here or inline
// (the CLI). Compiled to <distDir>/workers/heavy.mjs by scripts/build-workers.mjs.
import type { MessagePort } from "node:worker_threads";
import {
  compareFeature,
  type FeatureDrift,
  type RefRow,
} from "@/lib/drift/compare";
import {
  permutationImportanceOf,
  type FeatureImportance,
} from "@/lib/evaluation/permutation";
import { prepareEvaluation, type Prepared } from "@/lib/evaluation/prepare";
import { regressionMetrics, rocAuc } from "@/lib/ml/metrics";
import { createCheckedSession, runRows } from "@/lib/onnx/session";
import { outcomeOf, outcomeOfAsync, type TaskOutcome } from "./outcome";

/** Progress is posted on a port the caller sends with the task: `{ done: 0..1, stage }`. */
export type WithPort<T> = T & { port?: MessagePort };

export function evaluate({
  body,
  port,
}: WithPort<{ body: unknown }>): TaskOutcome<Prepared> {
  try {
    return outcomeOf(() =>
      prepareEvaluation(body, (done, stage) =>
        port?.postMessage({ done, stage }),
      ),
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
      const y = Array.from(p.y);
      const score =
        p.metric === "auc"
          ? (pred: Float32Array) => rocAuc(y, Array.from(pred))
          : (pred: Float32Array) =>
              -regressionMetrics(y, Array.from(pred)).rmse;
      try {
        const { importances } = await permutationImportanceOf(
          (data, rows, cols) => runRows(session, p.label, data, rows, cols),
          p,
          score,
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
