import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { makeUser, makeVersion } from "@/lib/testing/factories";
import { createModel } from "@/lib/registry/models";
import { getVersion } from "@/lib/registry/queries";
import { createVersion } from "@/lib/registry/versions";
import { fitLogistic, predict } from "@/lib/ml/models";
import { exportOnnx } from "@/lib/ml/onnx-export";
import { mulberry32 } from "@/lib/ml/random";
import { logCsvEvaluation, logEvaluation } from "./evaluations";
import { listEvaluations } from "./queries";

const count = () =>
  getDb().get<{ n: number }>(sql`select count(*) as n from evaluations`).n;

async function fieldOf(fn: () => unknown): Promise<string[]> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof DomainError)
      return [e.code, ...Object.keys(e.details?.fields ?? {})];
    throw e;
  }
  throw new Error("expected an error");
}

/**
 * Version 1 of a classification model `name` serving (as ONNX graph `graph`) a logistic model
 * fitted on `rows` seeded rows of `signal` and `noise`, where only `signal` predicts the label;
 * and an evaluation of it on those rows with their features, for permutation importance.
 */
async function signalModel(
  ds: Actor,
  name: string,
  rows: number,
  seed: number,
  graph: string,
) {
  createModel(ds, { name, task: "classification" });
  const rand = mulberry32(seed);
  const X = Array.from({ length: rows }, () => [
    rand() * 4 - 2,
    rand() * 4 - 2,
  ]);
  const y = X.map(([signal]) =>
    (signal as number) + (rand() - 0.5) > 0 ? 1 : 0,
  );
  const model = fitLogistic(["signal", "noise"], X, y, 0.01);
  await makeVersion(ds, name, {
    signature: {
      inputs: [
        { name: "signal", type: "float32" as const, shape: [-1] },
        { name: "noise", type: "float32" as const, shape: [-1] },
      ],
      outputs: [{ name: "p", type: "float32" as const, shape: [-1] }],
    },
    artifacts: { "model.onnx": exportOnnx(model, graph) },
  });
  return {
    dataset: "d",
    y_true: y,
    y_score: X.map((x) => predict(model, x)),
    features: {
      signal: X.map((x) => x[0] as number),
      noise: X.map((x) => x[1] as number),
    },
  };
}

describe("evaluations", () => {
  it("compute every figure from raw predictions and merge metrics into the version", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "ev-a" });
    createVersion(ds, "ev-a", {});
    const e = await logEvaluation(ds, "ev-a", 1, {
      dataset: "holdout",
      split: "test",
      y_true: ["no", "yes", "yes", "no", "yes", "no"],
      y_score: [0.1, 0.9, 0.6, 0.4, 0.3, 0.2],
      groups: { sex: ["f", "f", "m", "m", "f", "m"] },
      feature_importance: { age: 0.2, income: -0.7 },
    });
    expect(e.confusion?.labels).toEqual(["no", "yes"]);
    expect(e.metrics.auc).toBeCloseTo(8 / 9, 12);
    expect(e.fairness[0]?.attribute).toBe("sex");
    expect(e.importance.map((i) => i.feature)).toEqual(["income", "age"]);
    expect(getVersion(ds, "ev-a", "1").metrics.auc).toBeCloseTo(8 / 9, 12);
    expect(listEvaluations(ds, "ev-a", "1")).toHaveLength(1);
  });

  it("refuse bad payloads naming the field, and store nothing", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "ev-b" });
    createVersion(ds, "ev-b", {});
    const before = count();
    const log = (body: Record<string, unknown>) => () =>
      logEvaluation(ds, "ev-b", 1, { dataset: "d", ...body });
    expect(
      await fieldOf(log({ y_true: [0, 1, 1], y_score: [0.1, 0.2] })),
    ).toEqual(["invalid", "y_score"]);
    expect(
      await fieldOf(log({ y_true: [0, 1], y_score: [0.1, Number.NaN] })),
    ).toEqual(["invalid", "y_score.1"]);
    expect(
      await fieldOf(log({ y_true: [0, 1, 2], y_score: [0.1, 0.2, 0.3] })),
    ).toEqual(["invalid", "y_true"]);
    expect(
      await fieldOf(
        log({ y_true: ["a", "b"], y_pred: ["a", "c"], labels: ["a", "b"] }),
      ),
    ).toEqual(["invalid", "y_pred"]);
    expect(await fieldOf(log({ y_true: [1, 1], y_score: [0.2, 0.4] }))).toEqual(
      ["invalid", "y_true"],
    );
    expect(
      await fieldOf(
        log({ y_true: [0, 1], y_score: [0.1, 0.9], groups: { g: ["a"] } }),
      ),
    ).toEqual(["invalid", "groups.g"]);
    expect(
      await fieldOf(log({ y_true: new Array(2_000_001).fill(0) })),
    ).toEqual(["too_large", "y_true"]);
    expect(await fieldOf(log({ metrics: {} }))).toEqual(["invalid", "metrics"]);
    expect(
      await fieldOf(() =>
        logEvaluation(ds, "ev-b", 1, { metrics: { auc: 0.9 } }),
      ),
    ).toEqual(["invalid", "dataset"]);
    expect(count()).toBe(before);
    expect(getVersion(ds, "ev-b", "1").metrics).toEqual({});
  });

  it("log a CSV file of predictions by its column mapping, refusing a bad file and storing nothing", async () => {
    const ds = await makeUser("data_scientist");
    const reviewer = await makeUser("reviewer");
    createModel(ds, { name: "ev-csv" });
    createVersion(ds, "ev-csv", {});
    const file =
      "y,p,sex\nno,0.1,f\nyes,0.9,f\nyes,0.6,m\nno,0.4,m\nyes,0.3,f\nno,0.2,m\n";
    const mapping = {
      dataset: "holdout",
      label: "y",
      score: "p",
      slice: "sex",
    };
    const before = count();
    expect(
      await fieldOf(() =>
        logCsvEvaluation(ds, "ev-csv", 1, file.replace("0.6", "six"), mapping),
      ),
    ).toEqual(["invalid", "score"]);
    expect(
      await fieldOf(() =>
        logCsvEvaluation(ds, "ev-csv", 1, file, { ...mapping, label: "z" }),
      ),
    ).toEqual(["invalid", "label"]);
    expect(
      await fieldOf(() =>
        logCsvEvaluation(reviewer, "ev-csv", 1, file, mapping),
      ),
    ).toEqual(["forbidden"]);
    // A refused caller's upload is never read (the route hands over its body reader).
    let read = false;
    const reader = async () => {
      read = true;
      return file;
    };
    expect(
      await fieldOf(() =>
        logCsvEvaluation(reviewer, "ev-csv", 1, reader, mapping),
      ),
    ).toEqual(["forbidden"]);
    expect(
      await fieldOf(() =>
        logCsvEvaluation(ds, "ev-csv", 1, reader, { ...mapping, label: "" }),
      ),
    ).toContain("invalid");
    expect(read).toBe(false);
    expect(count()).toBe(before);
    expect(getVersion(ds, "ev-csv", "1").metrics).toEqual({});
    const e = await logCsvEvaluation(ds, "ev-csv", 1, file, mapping);
    expect(e.rows).toBe(6);
    // The same figures as the same predictions sent as JSON (the first test).
    expect(e.metrics.auc).toBeCloseTo(8 / 9, 12);
    expect(e.fairness[0]?.attribute).toBe("sex");
    expect(getVersion(ds, "ev-csv", "1").metrics.auc).toBeCloseTo(8 / 9, 12);
  });

  it("accept precomputed figures and derive fairness from slices", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "ev-c" });
    createVersion(ds, "ev-c", {});
    const e = await logEvaluation(ds, "ev-c", 1, {
      dataset: "d",
      metrics: { auc: 0.91 },
      slices: [
        {
          attribute: "age",
          group: "<30",
          count: 100,
          selection_rate: 0.3,
          tpr: 0.8,
          fpr: 0.1,
        },
        {
          attribute: "age",
          group: "30+",
          count: 100,
          selection_rate: 0.6,
          tpr: 0.9,
          fpr: 0.2,
        },
      ],
    });
    expect(e.metrics).toMatchObject({ auc: 0.91, disparate_impact: 0.5 });
    expect(e.fairness[0]?.passes_80_percent_rule).toBe(false);
  });

  it("compute permutation importance by running the version's ONNX model on the sent features", async () => {
    const ds = await makeUser("data_scientist");
    const body = await signalModel(ds, "ev-perm", 400, 7, "perm");
    // Version 2 has no model file to run the features through (refused below).
    createVersion(ds, "ev-perm", {});

    const e = await logEvaluation(ds, "ev-perm", 1, body);
    expect(e.importance.map((i) => [i.feature, i.method, i.metric])).toEqual([
      ["signal", "permutation", "auc"],
      ["noise", "permutation", "auc"],
    ]);
    expect(e.importance[0]?.value).toBeGreaterThan(0.2);
    expect(Math.abs(e.importance[1]?.value ?? 1)).toBeLessThan(0.05);

    const before = count();
    expect(
      await fieldOf(() =>
        logEvaluation(ds, "ev-perm", 1, {
          ...body,
          features: { signal: body.features.signal },
        }),
      ),
    ).toEqual(["invalid", "features"]);
    expect(
      await fieldOf(() =>
        logEvaluation(ds, "ev-perm", 1, {
          ...body,
          features: { ...body.features, extra: body.features.noise },
        }),
      ),
    ).toEqual(["invalid", "features"]);
    expect(
      await fieldOf(() =>
        logEvaluation(ds, "ev-perm", 1, {
          ...body,
          features: { ...body.features, noise: [1, 2] },
        }),
      ),
    ).toEqual(["invalid", "features.noise"]);
    expect(
      await fieldOf(() =>
        logEvaluation(ds, "ev-perm", 1, {
          ...body,
          feature_importance: { signal: 1 },
        }),
      ),
    ).toEqual(["invalid", "features"]);
    expect(await fieldOf(() => logEvaluation(ds, "ev-perm", 2, body))).toEqual([
      "conflict",
      "features",
    ]);
    expect(count()).toBe(before);
  });

  it("estimate permutation importance on a seeded sample past the work budget, and say so", async () => {
    const ds = await makeUser("data_scientist");
    const body = {
      ...(await signalModel(ds, "ev-budget", 1000, 11, "budget")),
      permutation_repeats: 5,
    };

    // 1000 rows × 2 features × 5 repeats = 10,000: with a budget of 3,000, 300 rows are used.
    vi.stubEnv("STAGELINE_IMPORTANCE_BUDGET", "3000");
    try {
      const e = await logEvaluation(ds, "ev-budget", 1, body);
      expect(e.rows).toBe(1000);
      expect(e.importance.map((i) => [i.feature, i.sampled])).toEqual([
        ["signal", { rows: 300, of: 1000 }],
        ["noise", { rows: 300, of: 1000 }],
      ]);
      expect(e.importance[0]?.value).toBeGreaterThan(0.2);
      // Seeded: the same payload gives the same estimate.
      expect(
        (await logEvaluation(ds, "ev-budget", 1, body)).importance,
      ).toEqual(e.importance);
      // Too small a budget for a meaningful sample is refused, naming what to change, and stores nothing.
      vi.stubEnv("STAGELINE_IMPORTANCE_BUDGET", "500");
      const before = count();
      expect(
        await fieldOf(() => logEvaluation(ds, "ev-budget", 1, body)),
      ).toEqual(["unprocessable", "permutation_repeats"]);
      expect(count()).toBe(before);
    } finally {
      vi.unstubAllEnvs();
    }
    // Within the default budget every row is used and nothing is marked sampled.
    expect(
      (await logEvaluation(ds, "ev-budget", 1, body)).importance.every(
        (i) => i.sampled === undefined,
      ),
    ).toBe(true);
  });
});
