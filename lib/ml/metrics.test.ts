import { describe, expect, it } from "vitest";
import { classificationMetrics, regressionMetrics, rocAuc } from "./metrics";
import { fitLogistic, fitRidge, predict } from "./models";

describe("metrics", () => {
  it("AUC matches hand-computed values, counting ties as half", () => {
    expect(rocAuc([1, 1, 0, 0], [0.9, 0.8, 0.3, 0.1])).toBe(1);
    expect(rocAuc([1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1])).toBe(0.75);
    // all scores tied: the ROC is the diagonal
    expect(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    // one positive tied with one negative, the rest separated: (1 + 0.5) / 2
    expect(rocAuc([1, 0, 1, 0], [0.9, 0.6, 0.6, 0.1])).toBe(0.875);
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(/both classes/);
  });

  it("regression metrics match hand-computed values", () => {
    const m = regressionMetrics([1, 2, 3, 4], [1, 2, 3, 6]);
    expect(m.rmse).toBeCloseTo(1, 12);
    expect(m.mae).toBeCloseTo(0.5, 12);
    expect(m.r2).toBeCloseTo(1 - 4 / 5, 12);
  });

  it("classification metrics at threshold 0.5", () => {
    const m = classificationMetrics([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1]);
    expect(m).toMatchObject({
      accuracy: 0.5,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      auc: 0.75,
    });
    expect(m.log_loss).toBeCloseTo(
      -(Math.log(0.9) + Math.log(0.4) + Math.log(0.4) + Math.log(0.9)) / 4,
      12,
    );
  });
});

describe("models", () => {
  it("ridge regression with no penalty recovers an exact linear relation", () => {
    const X = [
      [1, 2],
      [2, 1],
      [3, 5],
      [4, 3],
      [5, 8],
    ];
    const y = X.map(([a, b]) => 3 * (a as number) - 2 * (b as number) + 7);
    const model = fitRidge(["a", "b"], X, y, 0);
    for (const [i, x] of X.entries())
      expect(predict(model, x)).toBeCloseTo(y[i] as number, 9);
  });

  it("logistic regression separates a separable-ish problem and outputs probabilities", () => {
    const X = Array.from({ length: 40 }, (_, i) => [i / 4 + (i % 3)]);
    const y = X.map(([x]) => ((x as number) > 6 ? 1 : 0));
    const model = fitLogistic(["x"], X, y, 1);
    const p = X.map((x) => predict(model, x));
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
    expect(rocAuc(y, p)).toBeGreaterThan(0.95);
  });
});
