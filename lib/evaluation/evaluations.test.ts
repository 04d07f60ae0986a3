import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { DomainError } from "@/lib/errors";
import { makeUser } from "@/lib/testing/factories";
import { createModel } from "@/lib/registry/models";
import { getVersion } from "@/lib/registry/queries";
import { createVersion } from "@/lib/registry/versions";
import { listEvaluations, logEvaluation } from "./evaluations";

const count = () => getDb().get<{ n: number }>(sql`select count(*) as n from evaluations`).n;

function fieldOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return [e.code, ...Object.keys(e.details?.fields ?? {})];
    throw e;
  }
  throw new Error("expected an error");
}

describe("evaluations", () => {
  it("compute every figure from raw predictions and merge metrics into the version", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "ev-a" });
    createVersion(ds, "ev-a", {});
    const e = logEvaluation(ds, "ev-a", 1, {
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
    const log = (body: Record<string, unknown>) => () => logEvaluation(ds, "ev-b", 1, { dataset: "d", ...body });
    expect(fieldOf(log({ y_true: [0, 1, 1], y_score: [0.1, 0.2] }))).toEqual(["invalid", "y_score"]);
    expect(fieldOf(log({ y_true: [0, 1], y_score: [0.1, Number.NaN] }))).toEqual(["invalid", "y_score.1"]);
    expect(fieldOf(log({ y_true: [0, 1, 2], y_score: [0.1, 0.2, 0.3] }))).toEqual(["invalid", "y_true"]);
    expect(fieldOf(log({ y_true: ["a", "b"], y_pred: ["a", "c"], labels: ["a", "b"] }))).toEqual(["invalid", "y_pred"]);
    expect(fieldOf(log({ y_true: [1, 1], y_score: [0.2, 0.4] }))).toEqual(["invalid", "y_true"]);
    expect(fieldOf(log({ y_true: [0, 1], y_score: [0.1, 0.9], groups: { g: ["a"] } }))).toEqual(["invalid", "groups.g"]);
    expect(fieldOf(log({ y_true: new Array(2_000_001).fill(0) }))).toEqual(["too_large", "y_true"]);
    expect(fieldOf(log({ metrics: {} }))).toEqual(["invalid", "metrics"]);
    expect(fieldOf(() => logEvaluation(ds, "ev-b", 1, { metrics: { auc: 0.9 } }))).toEqual(["invalid", "dataset"]);
    expect(count()).toBe(before);
    expect(getVersion(ds, "ev-b", "1").metrics).toEqual({});
  });

  it("accept precomputed figures and derive fairness from slices", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "ev-c" });
    createVersion(ds, "ev-c", {});
    const e = logEvaluation(ds, "ev-c", 1, {
      dataset: "d",
      metrics: { auc: 0.91 },
      slices: [
        { attribute: "age", group: "<30", count: 100, selection_rate: 0.3, tpr: 0.8, fpr: 0.1 },
        { attribute: "age", group: "30+", count: 100, selection_rate: 0.6, tpr: 0.9, fpr: 0.2 },
      ],
    });
    expect(e.metrics).toMatchObject({ auc: 0.91, disparate_impact: 0.5 });
    expect(e.fairness[0]?.passes_80_percent_rule).toBe(false);
  });
});
