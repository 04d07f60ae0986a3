import { describe, expect, it } from "vitest";
import {
  binProportions,
  categoryCounts,
  chiSquare,
  jensenShannon,
  ks,
  psi,
  psiBand,
  quantileEdges,
  shares,
} from "./stats";

describe("drift statistics", () => {
  it("PSI matches a hand computation and is zero for identical distributions", () => {
    // (0.3-0.5)ln(0.3/0.5) + (0.7-0.5)ln(0.7/0.5) = 0.10217 + 0.06729
    expect(psi([0.5, 0.5], [0.3, 0.7])).toBeCloseTo(
      -0.2 * Math.log(0.6) + 0.2 * Math.log(1.4),
      12,
    );
    expect(psi([0.25, 0.25, 0.5], [0.25, 0.25, 0.5])).toBe(0);
    expect([psiBand(0.05), psiBand(0.2), psiBand(0.3)]).toEqual([
      "stable",
      "moderate",
      "significant",
    ]);
  });

  it("bins by reference quantile edges", () => {
    const edges = quantileEdges([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 2);
    expect(edges).toEqual([6]);
    expect(binProportions([1, 6, 7, 20], edges)).toEqual([0.5, 0.5]);
  });

  it("KS statistic by hand, with a p-value that separates shifted samples", () => {
    // F_a and F_b differ most at 2: 2/3 vs 0 → D = 2/3
    expect(ks([1, 2, 3], [3, 4, 5]).d).toBeCloseTo(2 / 3, 12);
    const a = Array.from({ length: 500 }, (_, i) => i / 500);
    expect(ks(a, a).pValue).toBe(1);
    expect(
      ks(
        a,
        a.map((v) => v + 0.3),
      ).pValue,
    ).toBeLessThan(1e-6);
  });

  it("Jensen-Shannon distance is 0 for equal and 1 for disjoint category sets", () => {
    expect(jensenShannon({ a: 0.5, b: 0.5 }, { a: 0.5, b: 0.5 })).toBe(0);
    expect(jensenShannon({ a: 1 }, { b: 1 })).toBeCloseTo(1, 12);
  });

  it("chi-square goodness of fit matches a hand computation and its p-value the chi-square table", () => {
    // Expected 50/50 of 100, observed 60/40: (10²/50)·2 = 4, df 1 → p = 0.0455 (table: 3.84 at 0.05).
    const c = chiSquare({ a: 0.5, b: 0.5 }, { a: 60, b: 40 });
    expect(c.statistic).toBeCloseTo(4, 12);
    expect(c.df).toBe(1);
    expect(c.pValue).toBeCloseTo(0.0455, 4);
    expect(chiSquare({ a: 0.5, b: 0.5 }, { a: 50, b: 50 }).pValue).toBeCloseTo(
      1,
      12,
    );
    expect(shares(categoryCounts([1, 1, 2, 9], new Set(["1", "2"])))).toEqual({
      "1": 0.5,
      "2": 0.25,
      "(other)": 0.25,
    });
  });
});
