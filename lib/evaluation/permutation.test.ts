import { describe, expect, it } from "vitest";
import {
  budgetSample,
  permutationImportance,
  type Predictor,
} from "./permutation";

// Columns are [b, a] and y = 3a: shuffling a destroys the fit, shuffling b changes nothing.
const a = Array.from({ length: 200 }, (_, i) => Math.sin(i) * 5);
const b = Array.from({ length: 200 }, (_, i) => Math.cos(i * 3));
const y = a.map((v) => 3 * v);
const linear: Predictor = async (data, rows, cols) =>
  Float32Array.from(
    { length: rows },
    (_, i) => 3 * (data[i * cols + 1] as number),
  );
const negRmse = (p: Float32Array) =>
  -Math.sqrt(
    p.reduce((s, v, i) => s + (v - (y[i] as number)) ** 2, 0) / p.length,
  );

describe("permutation importance", () => {
  it("ranks the feature the model uses first and gives the unused one zero", async () => {
    const { baseline, importances } = await permutationImportance(
      linear,
      [
        { name: "b", values: b },
        { name: "a", values: a },
      ],
      negRmse,
      { repeats: 5, seed: 1 },
    );
    expect(baseline).toBeCloseTo(0, 4);
    expect(importances.map((i) => i.feature)).toEqual(["a", "b"]);
    // Shuffled a against the true a: RMSE ≈ 3·sqrt(2)·sd(a) (two independent draws of the same distribution).
    const sd = Math.sqrt(
      a.reduce((s, v) => s + v * v, 0) / a.length -
        (a.reduce((s, v) => s + v, 0) / a.length) ** 2,
    );
    expect(importances[0]?.value).toBeGreaterThan(3 * Math.SQRT2 * sd * 0.8);
    expect(importances[0]?.value).toBeLessThan(3 * Math.SQRT2 * sd * 1.2);
    expect(importances[0]?.std).toBeGreaterThan(0);
    expect(importances[1]).toEqual({ feature: "b", value: 0, std: 0 });
  });

  it("is reproducible for a seed and refuses too little data", async () => {
    const run = () =>
      permutationImportance(
        linear,
        [
          { name: "b", values: b },
          { name: "a", values: a },
        ],
        negRmse,
        { repeats: 3, seed: 9 },
      );
    expect(await run()).toEqual(await run());
    await expect(
      permutationImportance(linear, [{ name: "a", values: [1] }], negRmse, {
        repeats: 1,
        seed: 1,
      }),
    ).rejects.toThrow(/two rows/);
  });

  it("samples rows only past the budget: seeded, distinct, ascending, every class kept", () => {
    expect(budgetSample(1000, 10, 5, 50_000, 1)).toBeNull();
    const strata = Uint8Array.from({ length: 100_000 }, (_, i) =>
      i === 77_777 ? 1 : 0,
    );
    const s = budgetSample(100_000, 10, 5, 50_000, 1, strata);
    expect(s).not.toBeNull();
    const rows = Array.from(s ?? []);
    expect(rows.length).toBeGreaterThanOrEqual(1000);
    expect(rows.length).toBeLessThanOrEqual(1001);
    expect(new Set(rows).size).toBe(rows.length);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    // The one positive of 100,000 is in the sample, so AUC stays defined.
    expect(rows).toContain(77_777);
    expect(
      Array.from(budgetSample(100_000, 10, 5, 50_000, 1, strata) ?? []),
    ).toEqual(rows);
    expect(
      Array.from(budgetSample(100_000, 10, 5, 50_000, 2, strata) ?? []),
    ).not.toEqual(rows);
  });
});
