// How the demo trains a version and measures it: the variants of each demo model, the fixed
// train/test split, the held-out metrics and the evaluation body logged for the version. Pure (no
// database), so a test can check that the metrics a demo version is created with are the
// evaluation engine's figures for the same predictions (lib/demo/training.test.ts).
import { evaluateBinary, evaluateRegression } from "@/lib/evaluation/compute";
import {
  CARS_FEATURES,
  PENGUIN_FEATURES,
  selectColumns,
  type Dataset,
} from "@/lib/ml/datasets";
import {
  fitLogistic,
  fitRidge,
  predict,
  type LinearModel,
} from "@/lib/ml/models";
import { shuffled } from "@/lib/ml/random";

export type Task = "regression" | "classification";
export type Variant = { features: string[]; l2: number; description: string };
type Rows = { X: number[][]; y: number[] };

export const CARS: Variant[] = [
  {
    features: ["horsepower"],
    l2: 0,
    description: "Baseline: miles per gallon from horsepower alone.",
  },
  {
    features: ["horsepower", "weight"],
    l2: 0,
    description: "Adds vehicle weight.",
  },
  {
    features: [...CARS_FEATURES],
    l2: 1,
    description: "All numeric features, ridge penalty 1.",
  },
];

export const PENGUINS: Variant[] = [
  {
    features: ["body_mass_g"],
    l2: 0.1,
    description: "Baseline: sex from body mass alone.",
  },
  {
    features: ["body_mass_g", "beak_depth_mm"],
    l2: 0.1,
    description: "Adds beak depth.",
  },
  {
    features: [...PENGUIN_FEATURES],
    l2: 1,
    description: "All measurements plus species indicators, L2 penalty 1.",
  },
];

export const SPLIT_SEED = 42;

export type Split = { train: number[]; test: number[] };

/** 75/25 train/test row numbers, shuffled with a fixed seed: the same split on every machine. */
export function splitRows(ds: Dataset): Split {
  const order = shuffled(
    ds.X.map((_, i) => i),
    SPLIT_SEED,
  );
  const cut = Math.floor(order.length * 0.75);
  return { train: order.slice(0, cut), test: order.slice(cut) };
}

export type Trained = {
  model: LinearModel;
  tr: Rows;
  te: Rows;
  /** Predictions on the test rows: values, or probabilities of the positive class. */
  preds: number[];
  history: { step: number; metric: string; value: number }[];
  metrics: Record<string, number>;
};

/** Fits one variant on the training rows and measures it on the test rows. */
export function trainVariant(
  task: Task,
  ds: Dataset,
  split: Split,
  v: Variant,
): Trained {
  const X = selectColumns(ds, v.features);
  const pick = (idx: number[]) => ({
    X: idx.map((i) => X[i] as number[]),
    y: idx.map((i) => ds.y[i] as number),
  });
  const tr = pick(split.train);
  const te = pick(split.test);
  const history: Trained["history"] = [];
  const model =
    task === "regression"
      ? fitRidge(v.features, tr.X, tr.y, v.l2)
      : fitLogistic(v.features, tr.X, tr.y, v.l2, 50, history);
  const preds = te.X.map((x) => predict(model, x));
  return {
    model,
    tr,
    te,
    preds,
    history,
    metrics: heldOutMetrics(task, te.y, preds),
  };
}

/**
 * The version's metrics, by the evaluation engine itself: logEvaluation computes the same figures
 * from the same predictions a moment later, and they overwrite these in the version's metrics.
 */
export function heldOutMetrics(
  task: Task,
  yTrue: number[],
  preds: number[],
): Record<string, number> {
  return task === "regression"
    ? evaluateRegression(Float64Array.from(yTrue), Float64Array.from(preds))
        .metrics
    : evaluateBinary(Uint8Array.from(yTrue), Float64Array.from(preds)).metrics;
}

/**
 * What the demo logs as the version's evaluation, for Stageline to compute from its real test-set
 * predictions. Importance: the regression logs its coefficients (supplied values); the classifier
 * sends its test inputs, and Stageline computes permutation importance by running its ONNX model.
 */
export function evaluationBody(
  task: Task,
  ds: Dataset,
  split: Split,
  v: Variant,
  t: Trained,
): Record<string, unknown> {
  if (task === "regression")
    return {
      dataset: ds.name,
      split: "test",
      task: "regression",
      y_true: t.te.y,
      y_pred: t.preds,
      feature_importance: Object.fromEntries(
        t.model.features.map((f, j) => [f, t.model.weights[j] as number]),
      ),
    };
  const species = split.test.map((i) =>
    (ds.X[i] as number[])[4]
      ? "Gentoo"
      : (ds.X[i] as number[])[5]
        ? "Chinstrap"
        : "Adelie",
  );
  return {
    dataset: ds.name,
    split: "test",
    y_true: t.te.y.map((y) => (y ? "male" : "female")),
    y_score: t.preds,
    positive_label: "male",
    groups: { species },
    history: t.history,
    features: Object.fromEntries(
      v.features.map((f, j) => [f, t.te.X.map((row) => row[j] as number)]),
    ),
  };
}
