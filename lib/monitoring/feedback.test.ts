import { describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { DomainError } from "@/lib/errors";
import { makeMonitoredDeployment, makeUser } from "@/lib/testing/factories";
import { recordFeedback } from "./feedback";
import { keepPrediction } from "./recorder";

const live = (deploymentId: number) =>
  getSqlite()
    .prepare(
      "select value from metric_points where deployment_id = ? and name = 'live_accuracy' order by id",
    )
    .all(deploymentId)
    .map((r) => (r as { value: number }).value);

function failure(fn: () => unknown): [string, string[]] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError)
      return [e.code, Object.keys(e.details?.fields ?? {})];
    throw e;
  }
  throw new Error("expected an error");
}

describe("ground-truth feedback", () => {
  it("matches served predictions by id or by the caller's key, and external ones by key with the predicted value", async () => {
    const ds = await makeUser("data_scientist");
    const dep = await makeMonitoredDeployment(ds, "fed", {
      task: "classification",
    });
    // Two predictions kept as the endpoint keeps them; the second carries the caller's key.
    keepPrediction("p-1", dep.id, 0.9, Date.now());
    keepPrediction("p-2", dep.id, 0.2, Date.now(), "order-17");
    expect(
      recordFeedback(ds, dep.id, {
        items: [
          { prediction_id: "p-1", actual: 1 },
          { key: "order-17", actual: 1 },
          { key: "ext-5", actual: 0, predicted: 0.3 },
        ],
      }),
    ).toEqual({ matched: 3, metric: "live_accuracy" });
    // p-1: 0.9 → 1 = actual 1 (right); order-17: 0.2 → 0 ≠ 1 (wrong); ext-5: 0.3 → 0 = 0 (right).
    expect(live(dep.id)).toEqual([1, 0, 1]);
    expect(
      getSqlite()
        .prepare("select actual from predictions where key = 'order-17'")
        .get(),
    ).toEqual({ actual: 1 });

    const before = live(dep.id).length;
    expect(
      failure(() =>
        recordFeedback(ds, dep.id, {
          items: [{ key: "never-sent", actual: 1 }],
        }),
      ),
    ).toEqual(["not_found", ["items.0.key"]]);
    expect(
      failure(() =>
        recordFeedback(ds, dep.id, {
          items: [{ prediction_id: "nope", actual: 1 }],
        }),
      ),
    ).toEqual(["not_found", ["items.0.prediction_id"]]);
    expect(
      failure(() => recordFeedback(ds, dep.id, { items: [{ actual: 1 }] })),
    ).toEqual(["invalid", ["items.0.prediction_id"]]);
    expect(
      failure(() =>
        recordFeedback(ds, dep.id, {
          items: [{ key: "k", actual: Number.NaN, predicted: 1 }],
        }),
      ),
    ).toEqual(["invalid", ["items.0.actual"]]);
    expect(live(dep.id)).toHaveLength(before);
  });
});
