import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scanPickleFile } from "./pickle-file";
import { FIXTURES } from "./pickle-fixtures";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pickle-file-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Uint8Array | string) => {
  const p = path.join(dir, `upload-${n++}.part`);
  fs.writeFileSync(p, bytes);
  return p;
};
const ok = { kind: "pickle", status: "ok", findings: [] };

describe("pickle files", () => {
  it("scan .pkl and .joblib files, compressed by joblib or not, leaving no temp file behind", async () => {
    expect(await scanPickleFile("model.pkl", file(FIXTURES.sklearnP4))).toEqual(
      ok,
    );
    expect(await scanPickleFile("model.joblib", file(FIXTURES.joblib))).toEqual(
      ok,
    );
    expect(
      await scanPickleFile("model.joblib", file(FIXTURES.joblibZlib)),
    ).toEqual(ok);
    expect(
      await scanPickleFile("m/model.JOBLIB", file(FIXTURES.joblibGzip)),
    ).toEqual(ok);
    expect(await scanPickleFile("model.pkl", file(FIXTURES.systemP2))).toEqual({
      kind: "pickle",
      status: "unsafe",
      findings: ["posix.system"],
    });
    expect(
      await scanPickleFile("model.joblib", file(FIXTURES.joblibSmuggled)),
    ).toMatchObject({
      status: "unsafe",
      findings: ["posix.system"],
    });
    expect(
      (
        await scanPickleFile(
          "m.joblib",
          file(Buffer.from([0x04, 0x22, 0x4d, 0x18, 1, 2])),
        )
      )?.findings,
    ).toEqual([
      expect.stringMatching(/^cannot scan: the file is lz4-compressed/),
    ]);
    expect(
      (await scanPickleFile("m.pkl", file("not a pickle")))?.findings,
    ).toEqual([expect.stringMatching(/^not a valid pickle/)]);
    expect(fs.readdirSync(dir).filter((f) => f.includes("inflated"))).toEqual(
      [],
    );
  });

  it("refuse a compressed joblib that inflates past the limit", async () => {
    expect(
      await scanPickleFile("model.joblib", file(FIXTURES.joblibZlib), {
        maxInflatedBytes: 100,
      }),
    ).toEqual({
      kind: "pickle",
      status: "unsafe",
      findings: ["too large to scan: it decompresses to more than 100 bytes"],
    });
  });

  it("scan the data.pkl of PyTorch zip checkpoints, stored or deflated, and refuse a zip bomb", async () => {
    expect(
      await scanPickleFile("model.pt", file(FIXTURES.torchStored)),
    ).toEqual(ok);
    expect(
      await scanPickleFile("weights/model.pth", file(FIXTURES.torchDeflated)),
    ).toEqual(ok);
    expect(
      await scanPickleFile("pytorch_model.bin", file(FIXTURES.torchEvil)),
    ).toEqual({
      kind: "pickle",
      status: "unsafe",
      findings: ["posix.system"],
    });
    expect(
      (
        await scanPickleFile("model.ckpt", file(FIXTURES.torchBomb), {
          maxEntryBytes: 4096,
        })
      )?.findings,
    ).toEqual([
      "too large to scan: the entry inflates to more than 4096 bytes",
    ]);
    expect(
      (await scanPickleFile("model.pt", file("PK\x03\x04 broken")))?.findings,
    ).toEqual([expect.stringMatching(/^cannot scan: a broken zip/)]);
    expect(
      (await scanPickleFile("model.pt", file("raw bytes")))?.findings,
    ).toEqual([
      expect.stringMatching(/^cannot scan: not a PyTorch zip checkpoint/),
    ]);
  });

  it("know a pickle by its first bytes whatever its name, and leave other files alone", async () => {
    expect(
      await scanPickleFile("model", file(FIXTURES.systemP2)),
    ).toMatchObject({ status: "unsafe", findings: ["posix.system"] });
    expect(
      await scanPickleFile("weights.bin", file("plain weights")),
    ).toBeNull();
    expect(await scanPickleFile("README.md", file("# hello"))).toBeNull();
    // ONNX and safetensors have checks of their own, even when their first bytes look like a pickle.
    expect(
      await scanPickleFile("model.onnx", file(FIXTURES.systemP2)),
    ).toBeNull();
  });

  it("walk a 3 GB upload without reading it into memory", async () => {
    const big = path.join(dir, "big.part");
    const size = 3 * 1024 ** 3;
    // PROTO 4, BINBYTES8 of everything but the last byte, STOP: a sparse file, like a huge array.
    const fd = fs.openSync(big, "w");
    const header = Buffer.alloc(11);
    header.set([0x80, 0x04, 0x8e]);
    header.writeBigUInt64LE(BigInt(size - 12), 3);
    fs.writeSync(fd, header, 0, 11, 0);
    fs.writeSync(fd, Buffer.from("."), 0, 1, size - 1);
    fs.closeSync(fd);
    const before = process.memoryUsage().rss;
    const started = Date.now();
    expect(await scanPickleFile("huge.pkl", big)).toEqual(ok);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    fs.rmSync(big);
  });
});
