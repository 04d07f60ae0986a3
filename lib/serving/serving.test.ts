// The built-in endpoint: predictions, switching on promotion, monitoring and untrusted models. Past
// 300 lines: the cases share the trained, signed model fixture (servedModel) above them.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb, getSqlite } from "@/db/client";
import { signVersionContent } from "@/lib/signing/sign";
import { manifestDigest, manifestOf } from "@/lib/registry/content";
import { blobPath } from "@/lib/blobs/blob-store";
import { createDeployment } from "@/lib/deployments/deployments";
import { approveRequest } from "@/lib/lifecycle/decisions";
import { requestTransition } from "@/lib/lifecycle/requests";
import { predict as tsPredict } from "@/lib/ml/models";
import { exfiltratingModel, rowAmplifyingModel } from "@/lib/onnx/crafted";
import { recordFeedback } from "@/lib/monitoring/feedback";
import { quantile } from "@/lib/monitoring/points";
import { flush, INPUT_SAMPLE_ROWS } from "@/lib/monitoring/recorder";
import { deploymentSeries } from "@/lib/monitoring/queries";
import { setAlias } from "@/lib/registry/aliases";
import { retireNow } from "@/lib/retirement/retirement";
import { AB_FLIPPED, abModel } from "@/lib/testing/ab-model";
import {
  makeModel,
  makeServableModel,
  makeUser,
  makeVersion,
} from "@/lib/testing/factories";
import { predict } from "./serving";

async function servedModel(name: string) {
  const ds = await makeUser("data_scientist");
  await makeServableModel(ds, name);
  // What versions 1 and 2 serve, to check the endpoint's answers against.
  return { ds, models: [abModel(), abModel(AB_FLIPPED)] };
}

describe("serving", () => {
  it("predicts with the ONNX artifact, follows alias moves, and checks inputs against the signature", async () => {
    const { ds, models } = await servedModel("served");
    setAlias(ds, "served", "challenger", 1);
    const a = await predict(ds, "served", "challenger", {
      inputs: { a: [1, 3], b: [2, 3] },
    });
    expect(a.version).toBe(1);
    expect(a.predictions[0]).toBeCloseTo(
      tsPredict(models[0] as never, [1, 2]),
      6,
    );
    setAlias(ds, "served", "challenger", 2);
    const b = await predict(ds, "served", "challenger", {
      instances: [{ a: 1, b: 2 }],
    });
    expect(b.version).toBe(2);
    expect(b.predictions[0]).toBeCloseTo(
      tsPredict(models[1] as never, [1, 2]),
      6,
    );
    await expect(
      predict(ds, "served", "1", { inputs: { a: [1], c: [2] } }),
    ).rejects.toMatchObject({
      code: "invalid",
      details: { fields: { c: expect.any(Array) } },
    });
    await expect(
      predict(ds, "served", "1", { inputs: { a: [1, 2], b: [2] } }),
    ).rejects.toMatchObject({ details: { fields: { b: expect.any(Array) } } });
    await expect(
      predict(ds, "served", "1", { inputs: { a: ["x"], b: [2] } }),
    ).rejects.toMatchObject({ details: { fields: { a: expect.any(Array) } } });
    await expect(
      predict(ds, "served", "nope", { inputs: { a: [1], b: [2] } }),
    ).rejects.toMatchObject({ code: "not_found" });
    retireNow(await makeUser("admin"), "served", 1, {
      reason: "superseded by version 2",
    });
    await expect(
      predict(ds, "served", "1", { inputs: { a: [1], b: [2] } }),
    ).rejects.toMatchObject({ code: "gone" });
  });

  it("a promotion or alias move under load switches the next requests at once and fails none in flight", async () => {
    const { ds } = await servedModel("served-load");
    const [r1, r2] = [await makeUser("reviewer"), await makeUser("reviewer")];
    const promote = (version: number) => {
      const req = requestTransition(ds, "served-load", version, {
        to_stage: "production",
      });
      approveRequest(r1, req.id);
      expect(approveRequest(r2, req.id).status).toBe("applied");
    };
    promote(1);
    setAlias(ds, "served-load", "challenger", 1);
    const fire = (ref: string) =>
      predict(ds, "served-load", ref, { inputs: { a: [1, 2], b: [2, 0] } });
    // Each burst is in flight (awaiting onnxruntime) when the change lands.
    const beforeMove = Array.from({ length: 150 }, () => fire("challenger"));
    setAlias(ds, "served-load", "challenger", 2);
    const afterMove = Array.from({ length: 150 }, () => fire("challenger"));
    const beforePromotion = Array.from({ length: 150 }, () =>
      fire("production"),
    );
    promote(2);
    const afterPromotion = Array.from({ length: 150 }, () =>
      fire("production"),
    );
    const versions = async (burst: Promise<{ version: number }>[]) => [
      ...new Set((await Promise.all(burst)).map((p) => p.version)),
    ];
    expect(await versions(beforeMove)).toEqual([1]);
    expect(await versions(afterMove)).toEqual([2]);
    expect(await versions(beforePromotion)).toEqual([1]);
    expect(await versions(afterPromotion)).toEqual([2]);
  });

  it("records latency and errors against the live deployment, rolled up per minute", async () => {
    const { ds } = await servedModel("served-metrics");
    const dep = createDeployment(ds, "served-metrics", {
      version: 2,
      environment: "staging",
    });
    for (let i = 0; i < 5; i++)
      await predict(ds, "served-metrics", "2", { inputs: { a: [i], b: [1] } });
    await expect(
      predict(ds, "served-metrics", "2", { inputs: { a: [1] } }),
    ).rejects.toThrow();
    flush();
    const s = deploymentSeries(ds, dep.id, "1h").points;
    expect(s.reduce((a, p) => a + p.requests, 0)).toBe(6);
    const withTraffic = s.filter((p) => p.requests > 0);
    const errors = withTraffic.reduce(
      (a, p) => a + (p.error_rate ?? 0) * p.requests,
      0,
    );
    expect(Math.round(errors)).toBe(1);
    // Ground truth for two predictions: live accuracy is computed from the served values.
    const served = await predict(ds, "served-metrics", "2", {
      inputs: { a: [0, 4], b: [1, 0] },
    });
    expect(served.prediction_ids).toHaveLength(2);
    const truth = served.predictions.map((p) => (p >= 0.5 ? 1 : 0));
    expect(
      recordFeedback(ds, dep.id, {
        items: [
          { prediction_id: served.prediction_ids[0], actual: truth[0] },
          {
            prediction_id: served.prediction_ids[1],
            actual: 1 - (truth[1] as number),
          },
        ],
      }),
    ).toEqual({ matched: 2, metric: "live_accuracy" });
    expect(() =>
      recordFeedback(ds, dep.id, {
        items: [{ prediction_id: "nope", actual: 1 }],
      }),
    ).toThrow(expect.objectContaining({ code: "not_found" }));
    flush();
    const live = deploymentSeries(ds, dep.id, "1h").points.filter(
      (p) => p.live !== null,
    );
    expect(live.map((p) => p.live)).toEqual([0.5]);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
  });
});

describe("inputs kept for drift", () => {
  it("keeps a uniform sample of each second's rows, batch rows past the first ones included, and no more than INPUT_SAMPLE_ROWS", async () => {
    const { ds } = await servedModel("served-sampled");
    const dep = createDeployment(ds, "served-sampled", {
      version: 2,
      environment: "staging",
    });
    flush();
    // One batch of 1,000 rows whose first half has a = 0 and second half a = 1, then 20 small requests.
    const a = Array.from({ length: 1000 }, (_, i) => (i < 500 ? 0 : 1));
    await predict(ds, "served-sampled", "2", {
      inputs: { a, b: a.map(() => 2) },
    });
    for (let i = 0; i < 20; i++)
      await predict(ds, "served-sampled", "2", {
        inputs: { a: [5], b: [2] },
      });
    flush();
    const kept = (name: string) =>
      (
        getSqlite()
          .prepare(
            "select value from metric_points where deployment_id = ? and name = ?",
          )
          .all(dep.id, name) as { value: number }[]
      ).map((r) => r.value);
    const as = kept("input.a");
    // One point per feature per sampled row, at most INPUT_SAMPLE_ROWS rows for the second.
    expect(as).toHaveLength(INPUT_SAMPLE_ROWS);
    expect(kept("input.b")).toHaveLength(INPUT_SAMPLE_ROWS);
    expect(kept("input.b").every((v) => v === 2)).toBe(true);
    // Rows from both halves of the batch (all 200 from one half: probability below 2^-190).
    expect(as.filter((v) => v === 0).length).toBeGreaterThan(20);
    expect(as.filter((v) => v === 1).length).toBeGreaterThan(20);
    // Every request's latency is still recorded, sampled or not.
    expect(kept("latency_ms")).toHaveLength(21);
    // A quiet second keeps all its rows.
    await predict(ds, "served-sampled", "2", {
      inputs: { a: [7, 8, 9], b: [2, 2, 2] },
    });
    flush();
    expect(
      kept("input.a")
        .filter((v) => v >= 7)
        .sort(),
    ).toEqual([7, 8, 9]);
    expect(kept("input.a")).toHaveLength(INPUT_SAMPLE_ROWS + 3);
  });
});

/** Stores `bytes` as a version's artifact the way it sat in the database before uploads were checked. */
function storeUnchecked(
  model: string,
  version: number,
  artifactPath: string,
  bytes: Uint8Array,
): void {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  fs.mkdirSync(path.dirname(blobPath(sha256)), { recursive: true });
  fs.writeFileSync(blobPath(sha256), bytes);
  const db = getSqlite();
  const v = db
    .prepare(
      "select v.id from model_versions v join registered_models m on m.id = v.model_id where m.name = ? and v.version = ?",
    )
    .get(model, version) as { id: number };
  db.prepare(
    "insert or ignore into blobs (sha256, size, created_at) values (?, ?, ?)",
  ).run(sha256, bytes.length, Date.now());
  db.prepare(
    "insert into artifacts (version_id, path, sha256, size, content_type, created_at) values (?, ?, ?, ?, 'application/octet-stream', ?)",
  ).run(v.id, artifactPath, sha256, bytes.length, Date.now());
  // As migration 0014 and the first start after it leave versions from before: the model file
  // named, the content digest taken from the files as they are.
  db.prepare(
    "update model_versions set model_file = ?, content_digest = ? where id = ?",
  ).run(artifactPath, manifestDigest(manifestOf(getDb(), v.id)), v.id);
  // And signed by the one-time signing of versions that predate signatures.
  getDb().transaction((tx) => signVersionContent(tx, v.id));
}

describe("serving untrusted models", () => {
  const signature = {
    inputs: [{ name: "x", type: "float32" as const, shape: [-1] }],
    outputs: [],
  };

  it("refuses a stored model whose initializer reads a file (stored before uploads were checked): 409 naming it, nothing read", async () => {
    const ds = await makeUser("data_scientist");
    makeModel(ds, { name: "exfil" });
    await makeVersion(ds, "exfil", { signature });
    // The server's working directory holds the data folder by default: a secret below it is what onnxruntime would read.
    const dir = fs.mkdtempSync(path.join(process.cwd(), ".serving-test-data-"));
    try {
      fs.writeFileSync(path.join(dir, "secret"), "0123456789abcdef");
      storeUnchecked(
        "exfil",
        1,
        "model.onnx",
        exfiltratingModel(`${path.relative(process.cwd(), dir)}/secret`, 16),
      );
      const attempt = predict(ds, "exfil", "1", { inputs: { x: [1] } });
      await expect(attempt).rejects.toMatchObject({
        code: "conflict",
        message: expect.stringMatching(
          /stored ONNX model 'model.onnx' will not be served: .*external data/,
        ),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers 422 to a model that gives one row a million values, and keeps serving others", async () => {
    const ds = await makeUser("data_scientist");
    makeModel(ds, { name: "amplify" });
    await makeVersion(ds, "amplify", {
      signature,
      artifacts: { "model.onnx": rowAmplifyingModel(1_000_000) },
    });
    const attempts = await Promise.allSettled(
      Array.from({ length: 3 }, () =>
        predict(ds, "amplify", "1", { inputs: { x: [1] } }),
      ),
    );
    for (const a of attempts) {
      expect(a).toMatchObject({
        status: "rejected",
        reason: {
          code: "unprocessable",
          message: expect.stringContaining("1000000 values per row"),
        },
      });
    }
    const { ds: other } = await servedModel("served-after-amplify");
    expect(
      (
        await predict(other, "served-after-amplify", "1", {
          inputs: { a: [1], b: [2] },
        })
      ).predictions,
    ).toHaveLength(1);
  });
});
