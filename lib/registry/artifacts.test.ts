import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterEach, describe, expect, it } from "vitest";
import { blobPath } from "@/lib/blobs/blob-store";
import { blobDir } from "@/lib/config";
import { makeUser } from "@/lib/testing/factories";
import { listArtifacts, openArtifact, putArtifact } from "./artifacts";
import { createModel } from "./models";
import { createVersion } from "./versions";

const body = (s: string | Buffer) => Readable.from([Buffer.from(s)]);
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

async function setup(name: string) {
  const ds = await makeUser("data_scientist");
  createModel(ds, { name });
  createVersion(ds, name, {});
  createVersion(ds, name, {});
  return ds;
}

afterEach(() => {
  delete process.env.STAGELINE_MAX_ARTIFACT_BYTES;
});

describe("artifacts", () => {
  it("are stored once per content and served back intact", async () => {
    const ds = await setup("art-a");
    const a = await putArtifact(
      ds,
      "art-a",
      "1",
      "model/weights.bin",
      body("same bytes"),
    );
    const b = await putArtifact(
      ds,
      "art-a",
      "2",
      "copy.bin",
      body("same bytes"),
      { expectedSha256: sha("same bytes") },
    );
    expect(a.sha256).toBe(sha("same bytes"));
    expect(b.sha256).toBe(a.sha256);
    expect(fs.existsSync(blobPath(a.sha256))).toBe(true);
    const { stream } = openArtifact(ds, "art-a", "1", "model/weights.bin");
    expect(await text(stream)).toBe("same bytes");
    expect(listArtifacts(ds, "art-a", "1").map((x) => x.path)).toEqual([
      "model/weights.bin",
    ]);
    expect(fs.readdirSync(path.join(blobDir(), "tmp"))).toEqual([]);
  });

  it("refuse a SHA-256 mismatch, traversal paths and oversize bodies, keeping nothing", async () => {
    const ds = await setup("art-b");
    await expect(
      putArtifact(ds, "art-b", "1", "x.bin", body("abc"), {
        expectedSha256: "0".repeat(64),
      }),
    ).rejects.toMatchObject({
      code: "invalid",
      details: { fields: { sha256: ["Mismatch"] } },
    });
    for (const bad of [
      "../x",
      "/etc/passwd",
      "a/./b",
      "a\\..\\b",
      "a\u0000b",
      "",
      "C:/x",
    ]) {
      await expect(
        putArtifact(ds, "art-b", "1", bad, body("abc")),
      ).rejects.toMatchObject({
        code: "invalid",
        details: { fields: { path: expect.any(Array) } },
      });
    }
    process.env.STAGELINE_MAX_ARTIFACT_BYTES = "10";
    await expect(
      putArtifact(ds, "art-b", "1", "big.bin", body("x".repeat(11))),
    ).rejects.toMatchObject({ code: "too_large" });
    await expect(
      putArtifact(ds, "art-b", "1", "big.bin", body("x"), {
        contentLength: 11,
      }),
    ).rejects.toMatchObject({ code: "too_large" });
    expect(listArtifacts(ds, "art-b", "1")).toEqual([]);
    expect(fs.existsSync(blobPath(sha("abc")))).toBe(false);
    expect(fs.readdirSync(path.join(blobDir(), "tmp"))).toEqual([]);
  });

  it("fail the download loudly when the stored bytes were corrupted", async () => {
    const ds = await setup("art-c");
    const a = await putArtifact(ds, "art-c", "1", "m.bin", body("original!"));
    fs.writeFileSync(blobPath(a.sha256), "tampered!");
    const { stream } = openArtifact(ds, "art-c", "1", "m.bin");
    await expect(text(stream)).rejects.toThrow(/corrupted/);
    fs.writeFileSync(blobPath(a.sha256), "short");
    expect(() => openArtifact(ds, "art-c", "1", "m.bin")).toThrow(/corrupted/);
  });
});
