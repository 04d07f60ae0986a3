import { describe, expect, it } from "vitest";
import {
  evaluateBinary,
  evaluateMulticlass,
  evaluateRegression,
} from "./compute";
import { calibration, downsample, rocPr } from "./curves";

const u8 = (xs: number[]) => Uint8Array.from(xs);
const f64 = (xs: number[]) => Float64Array.from(xs);

describe("curves", () => {
  it("ROC AUC by the trapezoid rule with ties, matching hand computation", () => {
    expect(rocPr(u8([1, 1, 0, 0]), f64([0.9, 0.8, 0.3, 0.1])).auc).toBe(1);
    expect(rocPr(u8([1, 0, 1, 0]), f64([0.9, 0.8, 0.3, 0.1])).auc).toBe(0.75);
    expect(rocPr(u8([1, 0, 1, 0]), f64([0.9, 0.6, 0.6, 0.1])).auc).toBe(0.875);
    expect(rocPr(u8([1, 0, 1, 0]), f64([0.5, 0.5, 0.5, 0.5])).auc).toBe(0.5);
    expect(() => rocPr(u8([1, 1]), f64([0.1, 0.2]))).toThrow(/both classes/);
    // A NaN score would never meet a threshold: refused rather than swept forever.
    expect(() => rocPr(u8([1, 0]), f64([NaN, 0.2]))).toThrow(/NaN/);
    expect(() => rocPr(u8([1, 0, 0]), f64([0.4, 0.2, NaN]))).toThrow(/NaN/);
  });

  it("PR curve: average precision and trapezoid PR-AUC by hand", () => {
    // ranks: 1(+) 2(-) 3(+) 4(-): precision at recall .5 = 1, at recall 1 = 2/3
    const r = rocPr(u8([1, 0, 1, 0]), f64([0.9, 0.8, 0.3, 0.1]));
    expect(r.averagePrecision).toBeCloseTo(0.5 * 1 + 0.5 * (2 / 3), 12);
    expect(r.pr.map((p) => [p.x, Number(p.y.toFixed(4))])).toEqual([
      [0.5, 1],
      [0.5, 0.5],
      [1, 0.6667],
      [1, 0.5],
    ]);
    // trapezoids: (0.5 * (1 + 1) / 2) + 0 + (0.5 * (0.5 + 0.6667) / 2) + 0
    expect(r.prAuc).toBeCloseTo(0.5 + (0.5 * (0.5 + 2 / 3)) / 2, 12);
  });

  it("calibration bins average predictions and outcomes; downsampling keeps the ends", () => {
    const bins = calibration(
      u8([0, 1, 1, 1]),
      f64([0.05, 0.15, 0.95, 0.91]),
      10,
    );
    expect(bins.map((b) => [b.count, b.observed])).toEqual([
      [1, 0],
      [1, 1],
      [2, 1],
    ]);
    expect(bins.map((b) => Number(b.predicted.toFixed(6)))).toEqual([
      0.05, 0.15, 0.93,
    ]);
    const d = downsample(
      Array.from({ length: 1000 }, (_, i) => i),
      200,
    );
    expect(d).toHaveLength(200);
    expect([d[0], d.at(-1)]).toEqual([0, 999]);
  });
});

describe("evaluation", () => {
  it("binary metrics, confusion matrix and fairness per group", () => {
    const y = u8([1, 1, 0, 0, 1, 0, 1, 0]);
    const s = f64([0.9, 0.7, 0.6, 0.2, 0.4, 0.1, 0.8, 0.3]);
    const sex = ["f", "f", "f", "f", "m", "m", "m", "m"];
    const r = evaluateBinary(y, s, { sex });
    expect(r.confusion?.matrix).toEqual([
      [3, 1],
      [1, 3],
    ]);
    expect(r.metrics).toMatchObject({
      accuracy: 0.75,
      precision: 0.75,
      recall: 0.75,
    });
    const f = r.slices.find((x) => x.group === "f");
    const m = r.slices.find((x) => x.group === "m");
    expect(f).toMatchObject({
      count: 4,
      selection_rate: 0.75,
      tpr: 1,
      fpr: 0.5,
    });
    expect(m).toMatchObject({
      count: 4,
      selection_rate: 0.25,
      tpr: 0.5,
      fpr: 0,
    });
    expect(r.fairness[0]).toMatchObject({
      demographic_parity_difference: 0.5,
      disparate_impact: 0.25 / 0.75,
      equal_opportunity_difference: 0.5,
      equalized_odds_difference: 0.5,
      passes_80_percent_rule: false,
    });
    expect(r.metrics.disparate_impact).toBeCloseTo(1 / 3, 12);
  });

  it("classification metrics at threshold 0.5, log loss of the clipped probabilities", () => {
    const r = evaluateBinary(u8([1, 1, 0, 0]), f64([0.9, 0.4, 0.6, 0.1]));
    expect(r.metrics).toMatchObject({
      accuracy: 0.5,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      auc: 0.75,
    });
    expect(r.metrics.log_loss).toBeCloseTo(
      -(Math.log(0.9) + Math.log(0.4) + Math.log(0.4) + Math.log(0.9)) / 4,
      12,
    );
    // Scores that are not probabilities have no log loss or Brier score.
    const raw = evaluateBinary(u8([1, 0]), f64([2.5, -1]));
    expect(raw.metrics.log_loss).toBeUndefined();
    expect(raw.metrics.brier).toBeUndefined();
  });

  it("an empty group leaves TPR undefined instead of NaN", () => {
    const r = evaluateBinary(u8([0, 0, 1, 1]), f64([0.2, 0.7, 0.8, 0.9]), {
      g: ["a", "a", "b", "b"],
    });
    expect(r.slices.find((x) => x.group === "a")?.tpr).toBeNull();
    expect(JSON.stringify(r)).not.toContain("NaN");
  });

  it("regression and multiclass", () => {
    const r = evaluateRegression(f64([1, 2, 3, 4]), f64([1, 2, 3, 6]));
    expect(r.metrics.rmse).toBeCloseTo(1, 12);
    expect(r.metrics.r2).toBeCloseTo(0.2, 12);
    expect(r.curves.residuals?.reduce((s, b) => s + b.count, 0)).toBe(4);
    const mc = evaluateMulticlass(
      ["a", "b", "c", "a"],
      ["a", "b", "a", "a"],
      ["a", "b", "c"],
    );
    expect(mc.confusion?.matrix).toEqual([
      [2, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
    ]);
    expect(mc.metrics.accuracy).toBe(0.75);
  });

  it("down-samples the curves of a million predictions for the browser (timing is in npm run bench)", () => {
    const n = 1_000_000;
    const y = new Uint8Array(n);
    const s = new Float64Array(n);
    const g = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const p = Math.random();
      s[i] = p;
      y[i] = Math.random() < p ? 1 : 0;
      g[i] = i % 3 ? "a" : "b";
    }
    const r = evaluateBinary(y, s, { g });
    expect(r.curves.roc?.length).toBeLessThanOrEqual(200);
    expect(r.metrics.auc).toBeGreaterThan(0.8);
  });
});
