// The two model kinds the demo trains in TypeScript: ridge linear regression (closed form) and
// L2-regularised logistic regression (Newton's method). Both standardize their inputs and can be
// written out as plain coefficients, which the ONNX exporter (serving work) turns into a graph.
import { logLoss } from "@/lib/evaluation/scores";
import { applyStandardizer, dot, solve, standardizer } from "./linear-algebra";

export type LinearModel = {
  kind: "linear" | "logistic";
  features: string[];
  mean: number[];
  std: number[];
  /** Weights on standardized features. */
  weights: number[];
  intercept: number;
  l2: number;
};

export function fitRidge(
  features: string[],
  X: number[][],
  y: number[],
  l2: number,
): LinearModel {
  const s = standardizer(X);
  const Z = applyStandardizer(X, s);
  const yMean = y.reduce((a, b) => a + b, 0) / y.length;
  const d = features.length;
  const A = Array.from({ length: d }, (_, i) =>
    Array.from(
      { length: d },
      (_, j) =>
        Z.reduce((acc, r) => acc + (r[i] as number) * (r[j] as number), 0) +
        (i === j ? l2 : 0),
    ),
  );
  const b = Array.from({ length: d }, (_, i) =>
    Z.reduce(
      (acc, r, k) => acc + (r[i] as number) * ((y[k] as number) - yMean),
      0,
    ),
  );
  return {
    kind: "linear",
    features,
    mean: s.mean,
    std: s.std,
    weights: solve(A, b),
    intercept: yMean,
    l2,
  };
}

/** Fits by Newton's method; `history` receives the training log loss after each iteration. */
export function fitLogistic(
  features: string[],
  X: number[][],
  y: number[],
  l2: number,
  iterations = 50,
  history?: { step: number; metric: string; value: number }[],
): LinearModel {
  const s = standardizer(X);
  const Z = applyStandardizer(X, s).map((r) => [1, ...r]);
  const d = features.length + 1;
  let w = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const p = Z.map((r) => sigmoid(dot(r, w)));
    const grad = Array.from(
      { length: d },
      (_, j) =>
        Z.reduce(
          (acc, r, k) =>
            acc + ((p[k] as number) - (y[k] as number)) * (r[j] as number),
          0,
        ) + (j > 0 ? l2 * (w[j] as number) : 0),
    );
    const H = Array.from({ length: d }, (_, i) =>
      Array.from(
        { length: d },
        (_, j) =>
          Z.reduce(
            (acc, r, k) =>
              acc +
              (p[k] as number) *
                (1 - (p[k] as number)) *
                (r[i] as number) *
                (r[j] as number),
            0,
          ) +
          (i === j && i > 0 ? l2 : 0) +
          (i === j ? 1e-9 : 0),
      ),
    );
    const step = solve(H, grad);
    w = w.map((x, j) => x - (step[j] as number));
    if (history) {
      history.push({
        step: it + 1,
        metric: "train_log_loss",
        value: logLoss(
          y,
          Z.map((r) => sigmoid(dot(r, w))),
        ),
      });
    }
    if (Math.max(...step.map(Math.abs)) < 1e-10) break;
  }
  return {
    kind: "logistic",
    features,
    mean: s.mean,
    std: s.std,
    weights: w.slice(1),
    intercept: w[0] as number,
    l2,
  };
}

/** Raw prediction: the value (linear) or the probability of the positive class (logistic). */
export function predict(model: LinearModel, x: number[]): number {
  const z =
    model.intercept +
    model.weights.reduce(
      (acc, w, j) =>
        acc +
        w *
          (((x[j] as number) - (model.mean[j] as number)) /
            (model.std[j] as number)),
      0,
    );
  return model.kind === "logistic" ? sigmoid(z) : z;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
