import { describe, expect, it } from "vitest";
import { zeroBasedScale } from "./chart-scale";

describe("a bar chart's value axis", () => {
  it("holds zero when every value is negative (importance from -5 to -1 ends at 0)", () => {
    expect(zeroBasedScale([-5, -3, -1])).toEqual({
      domain: [-6, 0],
      ticks: [-6, -4, -2, 0],
    });
  });

  it("ends on a round step above the longest bar", () => {
    expect(zeroBasedScale([6.5, 9.92])).toEqual({
      domain: [0, 10],
      ticks: [0, 2.5, 5, 7.5, 10],
    });
    expect(zeroBasedScale([0.025, 0.032]).ticks).toEqual([
      0, 0.01, 0.02, 0.03, 0.04,
    ]);
    expect(zeroBasedScale([-2, 3]).domain).toEqual([-2, 4]);
  });

  it("ticks counts in whole numbers only", () => {
    expect(zeroBasedScale([1], { integer: true }).ticks).toEqual([0, 1]);
    expect(zeroBasedScale([2], { integer: true }).ticks).toEqual([0, 1, 2]);
    expect(zeroBasedScale([6], { integer: true }).ticks).toEqual([0, 2, 4, 6]);
    for (const n of [3, 7, 13, 41, 250])
      for (const t of zeroBasedScale([n], { integer: true }).ticks)
        expect(Number.isInteger(t), `${n}: ${t}`).toBe(true);
  });

  it("draws 0 to 1 for nothing, zeros or non-finite values", () => {
    for (const values of [[], [0, 0], [null, Number.NaN]])
      expect(zeroBasedScale(values)).toEqual({ domain: [0, 1], ticks: [0, 1] });
  });
});
