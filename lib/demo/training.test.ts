import { describe, expect, it } from "vitest";
import { prepareEvaluation } from "@/lib/evaluation/prepare";
import { carsMpg, penguinsSex } from "@/lib/ml/datasets";
import {
  CARS,
  evaluationBody,
  PENGUINS,
  splitRows,
  trainVariant,
  type Task,
  type Variant,
} from "./training";

// A demo version is created with the metrics its training measured, and the evaluation logged for
// it a moment later computes its own from the same predictions (in the worker, via prepare.ts).
// Both must be the evaluation engine's figures, exactly: a second metric engine in the training
// path would show one number in the version's audit entry and another on its page.
const MODELS: [Task, () => ReturnType<typeof carsMpg>, Variant[], string][] = [
  ["regression", carsMpg, CARS, "rmse"],
  ["classification", penguinsSex, PENGUINS, "auc"],
];

describe("demo training", () => {
  for (const [task, load, variants, keyMetric] of MODELS)
    it(`measures every ${task} variant with the evaluation engine's numbers`, () => {
      const ds = load();
      const split = splitRows(ds);
      for (const v of variants) {
        const trained = trainVariant(task, ds, split, v);
        const logged = prepareEvaluation(
          evaluationBody(task, ds, split, v, trained),
        ).result.metrics;
        expect(trained.metrics[keyMetric]).toEqual(expect.any(Number));
        expect(logged).toMatchObject(trained.metrics);
      }
    });
});
