// Temp files of uploads cut off by a crash are removed at start; live uploads of other processes stay.
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { blobDir } from "@/lib/config";
import { blobStore } from "./blob-store";

describe("upload temp files", () => {
  it("of a dead writer, or untouched for an hour, are removed at start; a live upload's stay", async () => {
    const tmp = path.join(blobDir(), "tmp");
    fs.mkdirSync(tmp, { recursive: true });
    const put = (name: string, ageMs = 0) => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, "half an upload");
      const t = new Date(Date.now() - ageMs);
      fs.utimesSync(file, t, t);
      return name;
    };
    const dead = put("999999991.0a1b.part");
    const otherLive = put(`${process.ppid}.0c2d.part`);
    const ownLive = put(`${process.pid}.0e3f.part`);
    const abandoned = put(`${process.ppid}.1a2b.part`, 2 * 60 * 60_000);
    const oldStyle = put("5c0b2f8e-uuid-only.part", 2 * 60 * 60_000);
    const youngOldStyle = put("6d1c-uuid-only.part");
    const notOurs = put("README");

    // Staged uploads carry their writer's pid, so this works for them too.
    const staged = await blobStore().stage(
      Readable.from([Buffer.from("bytes")]),
      1024,
    );
    expect(path.basename(staged.file)).toMatch(
      new RegExp(`^${process.pid}\\.`),
    );

    const alive = (pid: number) => pid !== 999999991;
    expect(await blobStore().removeStaleUploads(Date.now(), alive)).toBe(3);
    expect(fs.readdirSync(tmp).sort()).toEqual(
      [
        otherLive,
        ownLive,
        youngOldStyle,
        notOurs,
        path.basename(staged.file),
      ].sort(),
    );
    for (const gone of [dead, abandoned, oldStyle])
      expect(fs.existsSync(path.join(tmp, gone))).toBe(false);
    await staged.discard();
  });
});
