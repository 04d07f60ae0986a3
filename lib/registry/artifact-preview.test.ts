import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { makeUser } from "@/lib/testing/factories";
import { putArtifact } from "./artifacts";
import {
  asText,
  previewArtifact,
  previewImage,
  PREVIEW_TEXT_BYTES,
  sniffImage,
} from "./artifact-preview";
import { createModel } from "./models";
import { createVersion } from "./versions";

const body = (s: string | Buffer) => Readable.from([Buffer.from(s)]);
// The smallest PNG: the signature and an IHDR chunk are all a browser needs to decide.
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489",
  "hex",
);

async function withFiles(name: string, files: Record<string, string | Buffer>) {
  const ds = await makeUser("data_scientist");
  createModel(ds, { name });
  createVersion(ds, name, {});
  for (const [p, content] of Object.entries(files))
    await putArtifact(ds, name, "1", p, body(content));
  return ds;
}

describe("artifact previews", () => {
  it("show text, pretty JSON and the first rows of a CSV file", async () => {
    const rows = Array.from({ length: 80 }, (_, i) => `${i},${i * 2}`);
    const ds = await withFiles("prev-a", {
      "notes.txt": "hello\nworld",
      "config.json": '{"lr":0.1,"layers":[8,4]}',
      "data/sample.csv": `a,b\n${rows.join("\n")}\n`,
      "weights.bin": Buffer.from([0, 1, 2, 3, 255]),
    });
    expect(await previewArtifact(ds, "prev-a", "1", "notes.txt")).toEqual({
      path: "notes.txt",
      size: 11,
      kind: "text",
      text: "hello\nworld",
      truncated: false,
      note: null,
    });
    const json = await previewArtifact(ds, "prev-a", "1", "config.json");
    expect(json).toMatchObject({ kind: "json" });
    expect(json.kind === "json" && json.text).toBe(
      '{\n  "lr": 0.1,\n  "layers": [\n    8,\n    4\n  ]\n}',
    );
    const csv = await previewArtifact(ds, "prev-a", "1", "data/sample.csv");
    expect(csv).toMatchObject({
      kind: "csv",
      header: ["a", "b"],
      truncated: true,
    });
    expect(csv.kind === "csv" && csv.rows.length).toBe(50);
    expect(await previewArtifact(ds, "prev-a", "1", "weights.bin")).toEqual({
      path: "weights.bin",
      size: 5,
      kind: "none",
      reason: "binary",
    });
  });

  it("read only the head of a large file, and show HTML and SVG as their source", async () => {
    const ds = await withFiles("prev-b", {
      "log.txt": "x".repeat(PREVIEW_TEXT_BYTES + 1000),
      "report.html": "<script>alert(1)</script>",
      "plot.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
    });
    const log = await previewArtifact(ds, "prev-b", "1", "log.txt");
    expect(log.kind === "text" && log.text.length).toBe(PREVIEW_TEXT_BYTES);
    expect(log).toMatchObject({ truncated: true });
    for (const p of ["report.html", "plot.svg"])
      expect(await previewArtifact(ds, "prev-b", "1", p)).toMatchObject({
        kind: "text",
        note: "markup shown as source; it is never rendered",
      });
  });

  it("serve an image only when its bytes are the type its name says", async () => {
    const ds = await withFiles("prev-c", {
      "roc.png": PNG,
      "fake.png": "<svg onload=alert(1)></svg>",
      "plot.svg": "<svg/>",
    });
    expect(await previewArtifact(ds, "prev-c", "1", "roc.png")).toMatchObject({
      kind: "image",
      media_type: "image/png",
    });
    const img = await previewImage(ds, "prev-c", "1", "roc.png");
    expect(img.mediaType).toBe("image/png");
    expect(img.bytes.equals(PNG)).toBe(true);
    await expect(previewImage(ds, "prev-c", "1", "fake.png")).rejects.toThrow(
      "its bytes are not",
    );
    await expect(previewImage(ds, "prev-c", "1", "plot.svg")).rejects.toThrow(
      "is not a PNG, JPEG, GIF or WebP image",
    );
    await expect(
      previewArtifact(ds, "prev-c", "1", "../prev-b/log.txt"),
    ).rejects.toThrow();
  });

  it("tell text from binary, without a cut-off last character", () => {
    const euro = Buffer.from("a€", "utf8"); // 61 e2 82 ac
    expect(asText(euro.subarray(0, 3), false)).toBe("a");
    expect(asText(euro, false)).toBe("a€");
    expect(asText(Buffer.from([0x61, 0x00]), true)).toBeNull();
    expect(asText(Buffer.from([0xff, 0xfe]), true)).toBeNull();
    expect(sniffImage(Buffer.from("GIF89a"))).toBe("image/gif");
    expect(sniffImage(Buffer.from("<svg"))).toBeNull();
  });
});
