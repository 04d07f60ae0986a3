import { describe, expect, it } from "vitest";
import { rocPr } from "@/lib/evaluation/curves";
import { logLoss } from "@/lib/evaluation/scores";
import { fitLogistic, fitRidge, predict } from "./models";

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
    expect(rocPr(Uint8Array.from(y), Float64Array.from(p)).auc).toBeGreaterThan(
      0.95,
    );
  });

  it("records the training log loss after each Newton step, falling", () => {
    const X = Array.from({ length: 40 }, (_, i) => [i / 4 + (i % 3)]);
    const y = X.map(([x]) => ((x as number) > 6 ? 1 : 0));
    const history: { step: number; metric: string; value: number }[] = [];
    const model = fitLogistic(["x"], X, y, 1, 5, history);
    expect(history.length).toBeGreaterThan(1);
    expect(history.map((h) => [h.step, h.metric])).toEqual(
      history.map((_, i) => [i + 1, "train_log_loss"]),
    );
    // The last entry is the fitted model's own log loss on its training rows.
    expect(history.at(-1)?.value).toBeCloseTo(
      logLoss(
        y,
        X.map((x) => predict(model, x)),
      ),
      12,
    );
    const first = history[0]?.value ?? NaN;
    expect(history.at(-1)?.value).toBeLessThan(first);
  });
});
