import { InferenceSession, Tensor } from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { carsMpg, penguinsSex, selectColumns } from "./datasets";
import { fitLogistic, fitRidge, predict } from "./models";
import { exportOnnx, ONNX_INPUT, ONNX_OUTPUT } from "./onnx-export";

async function runOnnx(
  bytes: Uint8Array,
  X: number[][],
): Promise<Float32Array> {
  const session = await InferenceSession.create(bytes);
  const d = X[0]?.length ?? 0;
  const out = await session.run({
    [ONNX_INPUT]: new Tensor("float32", Float32Array.from(X.flat()), [
      X.length,
      d,
    ]),
  });
  return out[ONNX_OUTPUT]?.data as Float32Array;
}

describe("ONNX export", () => {
  it("a ridge regression served by onnxruntime matches the TypeScript model", async () => {
    const ds = carsMpg();
    const features = ["horsepower", "weight", "year"];
    const X = selectColumns(ds, features);
    const model = fitRidge(features, X, ds.y, 1);
    const got = await runOnnx(exportOnnx(model), X);
    // float32 inside the runtime: compare relative to the value's size.
    X.forEach((x, i) =>
      expect(
        Math.abs((got[i] as number) - predict(model, x)) /
          Math.max(1, Math.abs(predict(model, x))),
      ).toBeLessThan(1e-6),
    );
  });

  it("a logistic regression's probabilities match to 1e-6", async () => {
    const ds = penguinsSex();
    const X = ds.X;
    const model = fitLogistic(ds.features, X, ds.y, 1);
    const got = await runOnnx(exportOnnx(model), X);
    X.forEach((x, i) =>
      expect(Math.abs((got[i] as number) - predict(model, x))).toBeLessThan(
        1e-6,
      ),
    );
  });
});
