import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rowAmplifyingModel } from "@/lib/onnx/crafted";
import { permutation } from "./heavy.worker";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stageline-heavy-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the permutation task", () => {
  it("refuses a model that answers each row with several values, which no truth per row can score", async () => {
    const bytes = rowAmplifyingModel(2);
    const file = path.join(dir, "two-per-row.onnx");
    fs.writeFileSync(file, bytes);
    const rows = 10;
    const outcome = await permutation({
      file,
      sha256: createHash("sha256").update(bytes).digest("hex"),
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
