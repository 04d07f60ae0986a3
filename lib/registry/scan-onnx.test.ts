import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { demoModel, exfiltratingModel } from "@/lib/onnx/crafted";
import { scanUpload } from "./scan";

/** A staged upload's temp file, as putArtifact hands it to the scan. */
function staged(bytes: Uint8Array | string): string {
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), "scan-onnx-")),
    "upload.part",
  );
  fs.writeFileSync(file, bytes);
  return file;
}

describe("the upload scan of .onnx files", () => {
  it("records a good model as scanned and ok", async () => {
    const model = demoModel();
    expect(await scanUpload("model.onnx", staged(model))).toEqual({
      kind: "onnx",
      status: "ok",
      findings: [],
    });
    expect(await scanUpload("nested/Model.ONNX", staged(model))).toMatchObject({
      kind: "onnx",
      status: "ok",
    });
  });

  it("refuses external data and non-models with a 400 naming the artifact", async () => {
    await expect(
      scanUpload(
        "weights/model.onnx",
        staged(exfiltratingModel("../../secret")),
      ),
    ).rejects.toMatchObject({
      code: "invalid",
      message: expect.stringMatching(
        /^Artifact 'weights\/model.onnx' is refused: .*external data \(location '..\/..\/secret'\)/,
      ),
      details: { fields: { path: [expect.stringContaining("external data")] } },
    });
    await expect(
      scanUpload("model.onnx", staged("definitely not protobuf")),
    ).rejects.toMatchObject({
      code: "invalid",
      message: expect.stringContaining("not a valid ONNX model"),
    });
  });

  it("refuses an oversized file from its size, and leaves other files alone", async () => {
    process.env.STAGELINE_ONNX_MAX_BYTES = "10";
    try {
      await expect(
        scanUpload("model.onnx", staged(new Uint8Array(11))),
      ).rejects.toMatchObject({
        code: "invalid",
        message: expect.stringContaining("over the ONNX limit of 10"),
      });
    } finally {
      delete process.env.STAGELINE_ONNX_MAX_BYTES;
    }
    expect(await scanUpload("README.md", staged("# hi"))).toBeNull();
  });
});
