import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  makeModel,
  makeTeam,
  makeUser,
  makeVersion,
} from "@/lib/testing/factories";
import { putArtifact } from "@/lib/registry/artifacts";
import { createModel } from "@/lib/registry/models";
import { getModelDetail, getVersion } from "@/lib/registry/queries";
import { updateVersion } from "@/lib/registry/version-changes";
import { createVersion } from "@/lib/registry/versions";
import { setPolicy } from "./policies";
import { getRequest } from "./queries";
import { productionAt, stageHistory } from "./stage-history";
import { approveRequest, overrideTransition, rejectRequest } from "./decisions";
import { cancelRequest, requestRollback, requestTransition } from "./requests";

/** makeTeam's people and a manager. */
async function team() {
  return { ...(await makeTeam()), manager: await makeUser("manager") };
}

describe("transition requests", () => {
  it("apply on the Nth approval, archive the old production version, and never let the requester approve", async () => {
    const { ds, r1, r2 } = await team();
    createModel(ds, { name: "lc-a" });
    createVersion(ds, "lc-a", { metrics: { auc: 0.8 } });
    createVersion(ds, "lc-a", { metrics: { auc: 0.9 } });
    const first = requestTransition(ds, "lc-a", 1, {
      to_stage: "production",
      comment: "first",
    });
    expect(() => approveRequest(ds, first.id)).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
    approveRequest(r1, first.id);
    expect(() => approveRequest(r1, first.id)).toThrow(/already approved/);
    expect(getVersion(ds, "lc-a", "1").stage).toBe("none");
    expect(approveRequest(r2, first.id).status).toBe("applied");
    expect(getVersion(ds, "lc-a", "1").stage).toBe("production");
    expect(() => approveRequest(r1, first.id)).toThrow(/already applied/);

    const second = requestTransition(ds, "lc-a", 2, { to_stage: "Production" });
    expect(() =>
      requestTransition(ds, "lc-a", 2, { to_stage: "production" }),
    ).toThrow(/already open/);
    approveRequest(r1, second.id);
    approveRequest(r2, second.id);
    expect(getVersion(ds, "lc-a", "2").stage).toBe("production");
    expect(getVersion(ds, "lc-a", "1").stage).toBe("archived");
    const history = stageHistory(ds, "lc-a");
    expect(
      history.map((h) => `${h.version}:${h.from_stage}>${h.to_stage}`),
    ).toEqual([
      "1:none>production",
      "1:production>archived",
      "2:none>production",
    ]);
    expect(productionAt(history, (history[0]?.at ?? 0) - 1)).toEqual([]);
    expect(productionAt(history, Date.now())).toEqual([2]);
  });

  it("block approval while a gate fails, naming it; the fix is a new version, not new metrics", async () => {
    const { ds, r1, admin } = await team();
    createModel(ds, { name: "lc-gates" });
    setPolicy(admin, {
      model: "lc-gates",
      stage: "staging",
      required_approvals: 1,
      gates: ["auc >= 0.85"],
    });
    createVersion(ds, "lc-gates", { metrics: { auc: 0.7 } });
    const req = requestTransition(ds, "lc-gates", 1, { to_stage: "staging" });
    expect(getRequest(r1, req.id).gates).toEqual([
      { gate: "auc >= 0.85", pass: false, detail: "auc = 0.7000" },
    ]);
    expect(() => approveRequest(r1, req.id)).toThrow(/'auc >= 0.85' fails/);
    // The metrics a gate reads are frozen once requested: raising them is refused, naming the rule.
    expect(() =>
      updateVersion(ds, "lc-gates", 1, { metrics: { auc: 0.9 } }),
    ).toThrow(
      expect.objectContaining({
        code: "conflict",
        message: expect.stringMatching(/register a new version/),
      }),
    );
    expect(() => approveRequest(r1, req.id)).toThrow(/'auc >= 0.85' fails/);
    createVersion(ds, "lc-gates", { metrics: { auc: 0.9 } });
    const fixed = requestTransition(ds, "lc-gates", 2, { to_stage: "staging" });
    expect(approveRequest(r1, fixed.id).status).toBe("applied");
    expect(() =>
      setPolicy(admin, {
        stage: "production",
        required_approvals: 1,
        gates: ["auc >>= 1"],
      }),
    ).toThrow(/gates.0/);
  });

  it("freeze what was requested: later changes are refused, and a change behind the services' back makes approvals stop counting", async () => {
    const { ds, r1, r2 } = await team();
    makeModel(ds, { name: "lc-stale" });
    await makeVersion(ds, "lc-stale", {
      metrics: { auc: 0.9 },
      artifacts: { "model.bin": "weights" },
    });
    const req = requestTransition(ds, "lc-stale", 1, {
      to_stage: "production",
    });
    approveRequest(r1, req.id);
    await expect(
      putArtifact(
        ds,
        "lc-stale",
        "1",
        "model.bin",
        Readable.from([Buffer.from("new weights")]),
      ),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(
      putArtifact(
        ds,
        "lc-stale",
        "1",
        "other.onnx",
        Readable.from([Buffer.from("x")]),
      ),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(getRequest(r1, req.id)).toMatchObject({
      stale: false,
      approvals: 1,
    });
    // Someone with write access to the database raises a metric: the evidence no longer matches.
    const { getDb } = await import("@/db/client");
    const { versionMetrics } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    getDb()
      .update(versionMetrics)
      .set({ value: 0.99 })
      .where(eq(versionMetrics.key, "auc"))
      .run();
    expect(getRequest(r1, req.id)).toMatchObject({ stale: true, approvals: 0 });
    approveRequest(r2, req.id);
    expect(getVersion(ds, "lc-stale", "1").stage).toBe("none");
  });

  it("reject needs a comment; cancel is for the requester; managers cannot decide", async () => {
    const { ds, r1, manager } = await team();
    createModel(ds, { name: "lc-rej" });
    createVersion(ds, "lc-rej", {});
    const a = requestTransition(ds, "lc-rej", 1, { to_stage: "staging" });
    expect(() => rejectRequest(r1, a.id, { comment: " " })).toThrow(
      expect.objectContaining({ code: "invalid" }),
    );
    expect(() => approveRequest(manager, a.id)).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
    expect(() => cancelRequest(r1, a.id)).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
    expect(
      rejectRequest(r1, a.id, { comment: "needs a holdout evaluation" }).status,
    ).toBe("rejected");
    const b = requestTransition(ds, "lc-rej", 1, { to_stage: "staging" });
    expect(cancelRequest(ds, b.id).status).toBe("cancelled");
    expect(() => approveRequest(r1, b.id)).toThrow(/already cancelled/);
  });

  it("admin override applies at once with a reason; rollback targets the previous production version; champion can follow", async () => {
    const { ds, r1, r2, admin } = await team();
    createModel(ds, { name: "lc-ovr" });
    setPolicy(admin, {
      model: "lc-ovr",
      stage: "production",
      required_approvals: 2,
      champion_follows: true,
    });
    for (let i = 0; i < 3; i++) createVersion(ds, "lc-ovr", {});
    expect(() =>
      overrideTransition(admin, "lc-ovr", 1, {
        to_stage: "production",
        reason: "short",
      }),
    ).toThrow(/reason/);
    expect(() =>
      overrideTransition(ds, "lc-ovr", 1, {
        to_stage: "production",
        reason: "a long enough reason",
      }),
    ).toThrow(expect.objectContaining({ code: "forbidden" }));
    expect(
      overrideTransition(admin, "lc-ovr", 1, {
        to_stage: "production",
        reason: "hotfix for incident 42",
      }).override,
    ).toBe(true);
    expect(getModelDetail(ds, "lc-ovr").aliases).toEqual([
      { alias: "champion", version: 1 },
    ]);
    overrideTransition(admin, "lc-ovr", 3, {
      to_stage: "production",
      reason: "new model after review",
    });
    expect(getModelDetail(ds, "lc-ovr").aliases).toEqual([
      { alias: "champion", version: 3 },
    ]);
    const rb = requestRollback(ds, "lc-ovr");
    expect(getRequest(ds, rb.id)).toMatchObject({
      kind: "rollback",
      version: 1,
      to_stage: "production",
      comment: "Roll back to v1 (replacing v3)",
    });
    approveRequest(r1, rb.id);
    approveRequest(r2, rb.id);
    expect(getVersion(ds, "lc-ovr", "1").stage).toBe("production");
    expect(getVersion(ds, "lc-ovr", "3").stage).toBe("archived");
    expect(stageHistory(ds, "lc-ovr").filter((h) => h.override)).toHaveLength(
      3,
    );
  });
});
