import fs from "node:fs";
import path from "node:path";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { afterEach, describe, expect, it } from "vitest";
import {
  buildModel,
  demoModel,
  exfiltratingModel,
  rowAmplifyingModel,
} from "./crafted";
import {
  createCheckedSession,
  runRows,
  runSlots,
  sessionOptions,
  withRunSlot,
} from "./session";

const SECRET = "admin-session-key-0123456789abcd";

const made: string[] = [];

/**
 * A secret file under the working directory, as `data/secret` is beside the app by default, and a
 * relative path to it with a detour (`<dir>/blobs/../secret`): onnxruntime refuses paths that leave
 * the working directory, but anything below it is readable.
 */
function secretOnDisk(): string {
  const dir = fs.mkdtempSync(path.join(process.cwd(), ".onnx-test-data-"));
  made.push(dir);
  fs.mkdirSync(path.join(dir, "blobs"));
  fs.writeFileSync(path.join(dir, "secret"), SECRET);
  return `${path.relative(process.cwd(), dir)}/blobs/../secret`;
}

const text = (values: ArrayLike<number>) =>
  String.fromCharCode(...Array.from(values));

afterEach(() => {
  for (const dir of made.splice(0))
    fs.rmSync(dir, { recursive: true, force: true });
  delete process.env.STAGELINE_PREDICT_MAX_OUTPUT_BYTES;
  delete process.env.STAGELINE_ONNX_CONCURRENCY;
});

describe("ONNX sessions", () => {
  it("without the check, a model loaded from bytes makes onnxruntime read a file through external data and hand it back", async () => {
    // The attack this module exists for: it must keep working here, or the tests below prove nothing.
    const location = secretOnDisk();
    const session = await InferenceSession.create(
      exfiltratingModel(location, 32),
      { intraOpNumThreads: 1 },
    );
    const out = await session.run({
      X: new Tensor("float32", new Float32Array(1), [1, 1]),
    });
    expect(text(out.prediction?.data as Uint8Array)).toBe(SECRET);
  });

  it("the session options alone stop it: external data resolves only inside an empty folder", async () => {
    await expect(
      InferenceSession.create(
        exfiltratingModel(secretOnDisk(), 32),
        sessionOptions(),
      ),
    ).rejects.toThrow(/External data path validation failed/);
  });

  it("a checked session refuses the model with a 409 naming it and the reason, and never reads the file", async () => {
    await expect(
      createCheckedSession(exfiltratingModel(secretOnDisk(), 32), "model.onnx"),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(
        /^The stored ONNX model 'model.onnx' will not be served: .*external data/,
      ),
    });
    await expect(
      createCheckedSession(
        new TextEncoder().encode("not a model"),
        "model.onnx",
      ),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("not a valid ONNX model"),
    });
  });

  it("runs a good model: one value per row", async () => {
    const session = await createCheckedSession(demoModel(), "model.onnx");
    const out = await runRows(
      session,
      "model.onnx",
      Float32Array.from([1, 2, 3, 4, 5, 6]),
      3,
      2,
    );
    expect(out).toHaveLength(3);
  });

  it("answers 422 when one row gives millions of values, and the process keeps serving", async () => {
    const session = await createCheckedSession(
      rowAmplifyingModel(1_000_000),
      "amplify.onnx",
    );
    await expect(
      runRows(session, "amplify.onnx", Float32Array.from([1]), 1, 1),
    ).rejects.toMatchObject({
      code: "unprocessable",
      message: expect.stringContaining(
        "1000000 values per row, over the limit of 4096",
      ),
    });
    // Within the per-row cap but over the request's byte budget.
    process.env.STAGELINE_PREDICT_MAX_OUTPUT_BYTES = "1000";
    const small = await createCheckedSession(
      rowAmplifyingModel(100),
      "amplify.onnx",
    );
    await expect(
      runRows(small, "amplify.onnx", new Float32Array(10), 10, 1),
    ).rejects.toMatchObject({
      code: "unprocessable",
      message: expect.stringContaining(
        "4000 bytes of output, over the limit of 1000",
      ),
    });
    expect(
      await runRows(small, "amplify.onnx", Float32Array.from([1, 2]), 2, 1),
    ).toHaveLength(200);
  });

  it("answers 422 when the output's rows are not the input's rows", async () => {
    const reduce = buildModel({
      graph: {
        nodes: [{ op: "ReduceSum", inputs: ["X"], outputs: ["y"] }],
        inputs: [{ name: "X", shape: ["N", 1] }],
        outputs: [{ name: "y" }],
      },
    });
    const session = await createCheckedSession(reduce, "sum.onnx");
    await expect(
      runRows(session, "sum.onnx", Float32Array.from([1, 2, 3]), 3, 1),
    ).rejects.toMatchObject({
      code: "unprocessable",
      message: expect.stringContaining(
        "one input row must give one output row",
      ),
    });
  });

  it("answers 422, not 500, when onnxruntime refuses the model or the input", async () => {
    const badType = buildModel({
      graph: {
        nodes: [{ op: "Add", inputs: ["X", "X"], outputs: ["y"] }],
        inputs: [{ name: "X", elem: 9, shape: ["N", 1] }],
        outputs: [{ name: "y" }],
      },
    });
    await expect(
      createCheckedSession(badType, "bool.onnx"),
    ).rejects.toMatchObject({
      code: "unprocessable",
      message: expect.stringContaining("cannot be loaded"),
    });
    const session = await createCheckedSession(demoModel(), "model.onnx");
    await expect(
      runRows(session, "model.onnx", Float32Array.from([1, 2, 3]), 1, 3),
    ).rejects.toMatchObject({
      code: "unprocessable",
      message: expect.stringContaining("failed on this input"),
    });
  });

  it("runs at most STAGELINE_ONNX_CONCURRENCY models at once; the rest wait their turn", async () => {
    process.env.STAGELINE_ONNX_CONCURRENCY = "2";
    let running = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const job = () =>
      withRunSlot(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => release.push(r));
        running--;
      });
    const jobs = Array.from({ length: 5 }, job);
    await new Promise((r) => setTimeout(r, 10));
    expect(runSlots()).toEqual({ active: 2, waiting: 3 });
    while (release.length || runSlots().active) {
      release.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(jobs);
    expect(peak).toBe(2);
    expect(runSlots()).toEqual({ active: 0, waiting: 0 });
  });
});
