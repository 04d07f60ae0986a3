import { describe, expect, it } from "vitest";
import { logLoss, regressionScores } from "./scores";

describe("scores", () => {
  it("regression scores match hand-computed values", () => {
    const m = regressionScores([1, 2, 3, 4], [1, 2, 3, 6]);
    expect(m.rmse).toBeCloseTo(1, 12);
    expect(m.mae).toBeCloseTo(0.5, 12);
    expect(m.r2).toBeCloseTo(1 - 4 / 5, 12);
    // A constant truth has no variance to explain: R² is 0, not NaN.
    expect(regressionScores([2, 2], [1, 3]).r2).toBe(0);
  });

  it("log loss by hand, with probabilities of 0 and 1 clipped instead of Infinity", () => {
    expect(logLoss([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1])).toBeCloseTo(
      -(Math.log(0.9) + Math.log(0.4) + Math.log(0.4) + Math.log(0.9)) / 4,
      12,
    );
    // -log(1e-15) is about 34.54 (1 - 1e-15 is not exact in floating point, hence the 1 digit).
    expect(logLoss([1, 0], [0, 1])).toBeCloseTo(34.54, 1);
    expect(logLoss([1, 0], [1, 0])).toBeLessThan(1e-14);
  });
});
