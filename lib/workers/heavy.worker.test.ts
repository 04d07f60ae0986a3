import { describe, expect, it } from "vitest";
import { rowAmplifyingModel } from "@/lib/onnx/crafted";
import { permutation } from "./heavy.worker";

describe("the permutation task", () => {
  it("refuses a model that answers each row with several values, which no truth per row can score", async () => {
    const rows = 10;
    const outcome = await permutation({
      model: rowAmplifyingModel(2),
      label: "two-per-row.onnx",
      names: ["x"],
      data: Float32Array.from({ length: rows }, (_, i) => i / rows),
      rows,
      cols: 1,
      y: Float64Array.from({ length: rows }, (_, i) => i % 2),
      metric: "auc",
      repeats: 1,
      seed: 1,
    });
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        code: "unprocessable",
        message: expect.stringContaining("gave 20 values for 10 rows"),
      },
    });
  });
});
