// The worker-thread entry for CPU-heavy work: each export is one task the pool (pool.ts) runs by
// name, returning a TaskOutcome. Pure computation on what the caller sends (JSON text, typed arrays): no database, no
// server-only module, so a task is the same function whether it runs here or inline (the CLI).
// Compiled to <distDir>/workers/heavy.mjs by scripts/build-workers.mjs.
import type { MessagePort } from "node:worker_threads";
import { compareFeature, type FeatureDrift, type RefRow } from "@/lib/drift/compare";
import { prepareEvaluation, type Prepared } from "@/lib/evaluation/prepare";
import { outcomeOf, type TaskOutcome } from "./outcome";

/** Progress is posted on a port the caller sends with the task: `{ done: 0..1, stage }`. */
export type WithPort<T> = T & { port?: MessagePort };

export function evaluate({ body, port }: WithPort<{ body: unknown }>): TaskOutcome<Prepared> {
  try {
    return outcomeOf(() => prepareEvaluation(body, (done, stage) => port?.postMessage({ done, stage })));
  } finally {
    port?.close();
  }
}

/** One drift comparison per (reference, live values) pair; live values arrive as transferred Float64Arrays. */
export function drift({ pairs }: { pairs: { ref: RefRow; live: Float64Array }[] }): TaskOutcome<FeatureDrift[]> {
  return outcomeOf(() => pairs.map(({ ref, live }) => compareFeature(ref, Array.from(live))));
}
