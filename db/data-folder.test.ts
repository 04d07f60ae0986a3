// The data folder: private modes, and a read-only folder refused at start with the reason (instead of
// a server that says Ready and fails every write).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataFolderError, prepareDataFolder } from "@/scripts/data-folder.mjs";
import { openDatabase } from "./client";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "stageline-folder-"));
const mode = (f: string) => fs.statSync(f).mode & 0o777;

// A read-only file system needs a mount: as root (as CI runs) a small tmpfs, remounted read-only.
const ro = path.join(work, "ro");
const canMount =
  process.getuid?.() === 0 &&
  spawnSync("mount", [
    "-t",
    "tmpfs",
    "-o",
    "size=8m",
    "tmpfs",
    (fs.mkdirSync(ro), ro),
  ]).status === 0;
afterAll(() => {
  if (canMount) spawnSync("umount", [ro]);
  fs.rmSync(work, { recursive: true, force: true });
});

describe("the data folder", () => {
  it("is created 0700 with the database, its WAL and shared memory 0600, whatever the umask", () => {
    const old = process.umask(0o022);
    try {
      const dir = path.join(work, "fresh", "data");
      prepareDataFolder(dir, () => {});
      expect(mode(dir)).toBe(0o700);
      const h = openDatabase(path.join(dir, "stageline.db"));
      h.sqlite.prepare("create table probe(x)").run();
      for (const f of ["stageline.db", "stageline.db-wal", "stageline.db-shm"])
        expect(mode(path.join(dir, f)), f).toBe(0o600);
      h.sqlite.close();
    } finally {
      process.umask(old);
    }
  });

  it("has its modes tightened at start when others could read it, saying so", () => {
    const dir = path.join(work, "loose");
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    for (const f of ["stageline.db", "secret"])
      fs.writeFileSync(path.join(dir, f), "x", { mode: 0o644 });
    const lines: string[] = [];
    prepareDataFolder(dir, (l) => lines.push(l));
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, "stageline.db"))).toBe(0o600);
    expect(mode(path.join(dir, "secret"))).toBe(0o600);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /readable by other users \(mode 755\); set to 700/,
    );
    const again: string[] = [];
    prepareDataFolder(dir, (l) => again.push(l));
    expect(again).toEqual([]);
  });

  it.skipIf(!canMount)(
    "refuses a read-only data folder at start, with the reason, before building or serving",
    () => {
      const dir = path.join(ro, "data");
      fs.mkdirSync(dir);
      const h = openDatabase(path.join(dir, "stageline.db"));
      h.sqlite.close();
      expect(spawnSync("mount", ["-o", "remount,ro", ro]).status).toBe(0);

      expect(() => prepareDataFolder(dir, () => {})).toThrow(DataFolderError);
      expect(() => prepareDataFolder(dir, () => {})).toThrow(
        /is not writable \(EROFS: read-only file system\)/,
      );
      // The database itself refuses to open as if all were well.
      expect(() => openDatabase(path.join(dir, "stageline.db"))).toThrow(
        /cannot write its database .*read-only/,
      );
      // npm start exits at once with the message (no build, no "Ready").
      const started = Date.now();
      const run = spawnSync(process.execPath, ["scripts/start.mjs"], {
        env: {
          ...process.env,
          STAGELINE_DATA_DIR: dir,
          STAGELINE_DIST_DIR: ".no-build-here",
          PORT: "1",
        },
        encoding: "utf8",
        timeout: 20_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        /Stageline cannot start: the data folder .* is not writable \(EROFS/,
      );
      expect(run.stdout).not.toMatch(/building|Ready/i);
      expect(Date.now() - started).toBeLessThan(10_000);
    },
  );
});
