import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors";
import { makeUser } from "@/lib/testing/factories";
import { createModel } from "@/lib/registry/models";
import { getVersion } from "@/lib/registry/queries";
import { createVersion } from "@/lib/registry/versions";
import { JOB_TTL_MS, listJobs, startJob } from "@/lib/workers/jobs";
import { logEvaluation } from "./evaluations";
import { evaluationJobs } from "./queries";

const body = (n: number) =>
  JSON.stringify({
    dataset: "holdout",
    y_true: Array.from({ length: n }, (_, i) => i % 2),
    y_score: Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 1000),
  });

describe("evaluation progress", () => {
  it("shows an evaluation queued at once, then done with its rows, to every reader of the database", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "jobs-a" });
    createVersion(ds, "jobs-a", {});
    // The body as the REST route passes it: its JSON text, parsed in the worker.
    const pending = logEvaluation(ds, "jobs-a", 1, body(200_000));
    expect(evaluationJobs(ds, "jobs-a", "1")).toMatchObject([
      { label: "holdout", status: "queued", progress: 0 },
    ]);
    const e = await pending;
    expect(e.rows).toBe(200_000);
    expect(evaluationJobs(ds, "jobs-a", "1")).toMatchObject([
      {
        status: "done",
        progress: 1,
        message: `evaluation #${e.id} (200,000 rows)`,
      },
    ]);
    expect(getVersion(ds, "jobs-a", "1").metrics.auc).toBeCloseTo(
      e.metrics.auc ?? NaN,
      12,
    );
  });

  it("shows a refused evaluation as failed, with the same message the API answered", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "jobs-b" });
    createVersion(ds, "jobs-b", {});
    const error = await logEvaluation(
      ds,
      "jobs-b",
      1,
      JSON.stringify({
        dataset: "bad",
        y_true: [0, 1, 1],
        y_score: [0.1, 0.2],
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(evaluationJobs(ds, "jobs-b", "1")).toEqual([
      expect.objectContaining({
        label: "bad",
        status: "failed",
        message: (error as DomainError).message,
      }),
    ]);
  });

  it("reports a running job's stage, and reads a job whose process stopped reporting as failed", () => {
    const t0 = Date.now();
    let now = t0;
    const job = startJob("evaluation", 999_999, "orphan", () => now);
    now += 500;
    job.progress(0.4, "computing");
    expect(listJobs("evaluation", 999_999, now)).toMatchObject([
      { status: "running", progress: 0.4, stage: "computing" },
    ]);
    // Its process died: no report and no heartbeat past the lease's TTL.
    expect(listJobs("evaluation", 999_999, now + JOB_TTL_MS + 1)).toMatchObject(
      [{ status: "failed", message: expect.stringMatching(/interrupted/) }],
    );
    job.finish();
  });
});
