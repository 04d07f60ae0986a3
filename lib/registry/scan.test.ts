import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { blobDir } from "@/lib/config";
import { FIXTURES } from "@/lib/scan/pickle-fixtures";
import { makeUser } from "@/lib/testing/factories";
import { listArtifacts, putArtifact } from "./artifacts";
import { createModel } from "./models";
import { scanUpload } from "./scan";
import { createVersion } from "./versions";

/** A safetensors file: 8-byte little-endian header length, JSON header, tensor bytes. */
function safetensors(
  header: unknown,
  data: Buffer,
  lengthOverride?: bigint,
): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(lengthOverride ?? BigInt(json.length));
  return Buffer.concat([length, json, data]);
}
const good = safetensors(
  {
    __metadata__: { format: "pt" },
    w: { dtype: "F32", shape: [2, 2], data_offsets: [0, 16] },
  },
  Buffer.alloc(16),
);

describe("upload scan", () => {
  it("accepts valid safetensors and refuses broken ones, naming the artifact and storing nothing", async () => {
    const tmp = path.join(blobDir(), "scan-test.part");
    fs.mkdirSync(path.dirname(tmp), { recursive: true });
    fs.writeFileSync(tmp, good);
    expect(await scanUpload("model.safetensors", tmp)).toEqual({
      kind: "safetensors",
      status: "ok",
      findings: [],
    });
    fs.rmSync(tmp);

    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "scan-st" });
    createVersion(ds, "scan-st", {});
    const broken = [
      [safetensors({}, Buffer.alloc(0), 1n << 40n), /over the format's limit/],
      [safetensors({}, Buffer.alloc(0), 100n), /runs past the end of the file/],
      [
        Buffer.concat([
          Buffer.from([3, 0, 0, 0, 0, 0, 0, 0]),
          Buffer.from("{x}"),
        ]),
        /not UTF-8 JSON/,
      ],
      [
        safetensors(
          { w: { dtype: "F32", shape: [2, 2], data_offsets: [0, 32] } },
          Buffer.alloc(16),
        ),
        /offsets \[0, 32\] outside the 16 bytes/,
      ],
      [
        safetensors(
          { w: { dtype: "F32", shape: [4, 4], data_offsets: [0, 16] } },
          Buffer.alloc(16),
        ),
        /needs 64/,
      ],
    ] as const;
    for (const [bytes, why] of broken) {
      const attempt = putArtifact(
        ds,
        "scan-st",
        "1",
        "model.safetensors",
        Readable.from([bytes]),
      );
      await expect(attempt).rejects.toMatchObject({
        code: "invalid",
        message: expect.stringMatching(
          /^Artifact 'model\.safetensors' is not a valid safetensors file/,
        ),
      });
      await expect(attempt).rejects.toThrow(why);
    }
    expect(listArtifacts(ds, "scan-st", "1")).toEqual([]);
    expect(fs.readdirSync(path.join(blobDir(), "tmp"))).toEqual([]);
  });

  it("records a pickle's scan with the artifact, unsafe or not", async () => {
    const tmp = path.join(blobDir(), "scan-test-2.part");
    fs.writeFileSync(tmp, FIXTURES.memoP4);
    expect(await scanUpload("hooks.pickle", tmp)).toEqual({
      kind: "pickle",
      status: "unsafe",
      findings: ["posix.getcwd", "posix.system"],
    });
    fs.writeFileSync(tmp, "plain text");
    expect(await scanUpload("notes.txt", tmp)).toBeNull();
    fs.rmSync(tmp);
  });
});
