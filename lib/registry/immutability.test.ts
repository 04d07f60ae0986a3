import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { logEvaluation } from "@/lib/evaluation/evaluations";
import { bumpGeneration } from "@/lib/events/generation";
import { requestTransition } from "@/lib/lifecycle/requests";
import { type LinearModel, predict as tsPredict } from "@/lib/ml/models";
import { exportOnnx } from "@/lib/ml/onnx-export";
import { predict } from "@/lib/serving/serving";
import { AB_FLIPPED, AB_SIGNATURE, abModel } from "@/lib/testing/ab-model";
import { makeRequest, makeUser } from "@/lib/testing/factories";
import { putArtifact } from "./artifacts";
import { backfillContentDigests, manifestDigest, manifestOf } from "./content";
import { createModel } from "./models";
import { getVersion } from "./queries";
import { updateVersion } from "./version-changes";
import { setVersionTag } from "./version-tags";
import { createVersion } from "./versions";

const approved = abModel();
const other = abModel(AB_FLIPPED);
const onnx = (m: LinearModel) => Readable.from([Buffer.from(exportOnnx(m))]);

async function promoted(name: string) {
  const ds = await makeUser("data_scientist");
  const [r1, r2] = [await makeUser("reviewer"), await makeUser("reviewer")];
  createModel(ds, { name });
  createVersion(ds, name, {
    signature: AB_SIGNATURE,
    metrics: { auc: 0.9 },
    params: { C: "1" },
  });
  await putArtifact(ds, name, "1", "model.onnx", onnx(approved));
  makeRequest(ds, { model: name, version: 1 }, "production", {
    approvedBy: [r1, r2],
  });
  return { ds };
}

const frozen = {
  code: "conflict",
  message: expect.stringMatching(/register a new version/),
};

describe("a version's content after review", () => {
  it("refuses new or replaced files, metrics, evaluations, signature, parameters and model file, and keeps serving the approved model", async () => {
    const { ds } = await promoted("imm-prod");
    const before = getVersion(ds, "imm-prod", "1");
    expect(before).toMatchObject({
      stage: "production",
      content_locked: true,
      model_file: "model.onnx",
    });

    await expect(
      putArtifact(ds, "imm-prod", "1", "model.onnx", onnx(other)),
    ).rejects.toMatchObject(frozen);
    // A second ONNX file sorting before the first is not served instead: it is not stored at all.
    await expect(
      putArtifact(ds, "imm-prod", "1", "a.onnx", onnx(other)),
    ).rejects.toMatchObject(frozen);
    expect(() =>
      updateVersion(ds, "imm-prod", 1, { metrics: { auc: 0.99 } }),
    ).toThrow(
      expect.objectContaining({
        ...frozen,
        details: expect.objectContaining({
          fields: { metrics: expect.any(Array) },
        }),
      }),
    );
    expect(() =>
      updateVersion(ds, "imm-prod", 1, {
        signature: { inputs: [{ name: "z", type: "float32" }], outputs: [] },
      }),
    ).toThrow(expect.objectContaining(frozen));
    expect(() =>
      updateVersion(ds, "imm-prod", 1, { params: { C: "100" } }),
    ).toThrow(expect.objectContaining(frozen));
    expect(() =>
      updateVersion(ds, "imm-prod", 1, { model_file: "a.onnx" }),
    ).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({
          fields: { model_file: expect.any(Array) },
        }),
      }),
    );
    await expect(
      logEvaluation(ds, "imm-prod", 1, {
        dataset: "holdout",
        task: "classification",
        metrics: { auc: 0.99 },
      }),
    ).rejects.toMatchObject(frozen);

    // What is not content stays editable; sending the value it already has is no change.
    expect(
      updateVersion(ds, "imm-prod", 1, {
        description: "now documented",
        params: { C: "1" },
      }).description,
    ).toBe("now documented");
    setVersionTag(ds, "imm-prod", 1, "reviewed", "yes");
    const after = getVersion(ds, "imm-prod", "1");
    expect(after).toMatchObject({
      metrics: before.metrics,
      params: before.params,
      signature: before.signature,
      content_digest: before.content_digest,
      tags: { reviewed: "yes" },
    });
    const served = await predict(ds, "imm-prod", "production", {
      inputs: { a: [1], b: [2] },
    });
    expect(served.predictions[0]).toBeCloseTo(tsPredict(approved, [1, 2]), 6);
  });

  it("freezes as soon as a transition is requested, before any approval", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "imm-req" });
    createVersion(ds, "imm-req", { signature: AB_SIGNATURE });
    await putArtifact(ds, "imm-req", "1", "model.onnx", onnx(approved));
    // Open until then: files can be replaced during development.
    await putArtifact(ds, "imm-req", "1", "model.onnx", onnx(other));
    requestTransition(ds, "imm-req", 1, { to_stage: "staging" });
    await expect(
      putArtifact(ds, "imm-req", "1", "model.onnx", onnx(approved)),
    ).rejects.toMatchObject(frozen);
  });

  it("serves the file the version names, never the first .onnx by path, and refuses files that no longer match the content digest", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "imm-file" });
    createVersion(ds, "imm-file", { signature: AB_SIGNATURE });
    await putArtifact(ds, "imm-file", "1", "model.onnx", onnx(approved));
    await putArtifact(ds, "imm-file", "1", "a-experiment.onnx", onnx(other));
    const v = getVersion(ds, "imm-file", "1");
    expect(v.model_file).toBe("model.onnx");
    const res = await predict(ds, "imm-file", "1", {
      inputs: { a: [1], b: [2] },
    });
    expect(res.predictions[0]).toBeCloseTo(tsPredict(approved, [1, 2]), 6);

    // The content digest is the manifest's: every file's path and SHA-256.
    const row = getSqlite()
      .prepare(
        "select id, content_digest from model_versions where version = 1 and model_id = (select id from registered_models where name = 'imm-file')",
      )
      .get() as { id: number; content_digest: string };
    const { getDb } = await import("@/db/client");
    expect(row.content_digest).toBe(
      manifestDigest(manifestOf(getDb(), row.id)),
    );

    // Someone swaps which blob the model file points at, behind the services' back.
    getSqlite()
      .prepare(
        "update artifacts set sha256 = (select sha256 from artifacts where path = 'a-experiment.onnx' and version_id = ?) where path = 'model.onnx' and version_id = ?",
      )
      .run(row.id, row.id);
    bumpGeneration();
    await expect(
      predict(ds, "imm-file", "1", { inputs: { a: [1], b: [2] } }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/content digest/),
    });
  });

  it("gives versions from before content digests theirs once at start, and never serves a version whose digest was cleared later", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "imm-legacy" });
    createVersion(ds, "imm-legacy", { signature: AB_SIGNATURE });
    await putArtifact(ds, "imm-legacy", "1", "model.onnx", onnx(approved));
    const id = (
      getSqlite()
        .prepare(
          "select id from model_versions where model_id = (select id from registered_models where name = 'imm-legacy')",
        )
        .get() as { id: number }
    ).id;
    const digest = getVersion(ds, "imm-legacy", "1").content_digest;
    getSqlite()
      .prepare("update model_versions set content_digest = null where id = ?")
      .run(id);
    expect(backfillContentDigests()).toBeGreaterThanOrEqual(1);
    expect(getVersion(ds, "imm-legacy", "1").content_digest).toBe(digest);
    expect(
      (await predict(ds, "imm-legacy", "1", { inputs: { a: [1], b: [2] } }))
        .predictions,
    ).toHaveLength(1);
    // Once done, clearing a digest does not get it blessed again, and serving refuses.
    getSqlite()
      .prepare("update model_versions set content_digest = null where id = ?")
      .run(id);
    bumpGeneration();
    expect(backfillContentDigests()).toBe(0);
    await expect(
      predict(ds, "imm-legacy", "1", { inputs: { a: [1], b: [2] } }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("a version registered with a named model file serves that one", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "imm-named" });
    createVersion(ds, "imm-named", {
      signature: AB_SIGNATURE,
      model_file: "weights/final.onnx",
    });
    await putArtifact(ds, "imm-named", "1", "a.onnx", onnx(other));
    await expect(
      predict(ds, "imm-named", "1", { inputs: { a: [1], b: [2] } }),
    ).rejects.toMatchObject({ code: "conflict" });
    await putArtifact(
      ds,
      "imm-named",
      "1",
      "weights/final.onnx",
      onnx(approved),
    );
    const res = await predict(ds, "imm-named", "1", {
      inputs: { a: [1], b: [2] },
    });
    expect(res.predictions[0]).toBeCloseTo(tsPredict(approved, [1, 2]), 6);
  });
});
