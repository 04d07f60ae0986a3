import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/audit-verify";
import { auditKeyIn } from "@/lib/audit/audit-key";
import { dataDir } from "@/lib/config";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { makeModel, makeUser, makeVersion } from "@/lib/testing/factories";
import { backup, restore } from "./backup";

describe("backup and restore", () => {
  it("backs up online under write load, restores into an empty folder, and the copy is whole", async () => {
    const ds = await makeUser("data_scientist");
    makeModel(ds, { name: "kept" });
    for (let i = 0; i < 3; i++)
      await makeVersion(ds, "kept", {
        artifacts: { "model.bin": `weights ${i} `.repeat(1000) },
      });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "stageline-backup-"));
    const target = path.join(work, "nightly");
    const count = () =>
      (
        getSqlite().prepare("select count(*) n from model_versions").get() as {
          n: number;
        }
      ).n;
    const before = count();
    // Writes keep landing while the backup runs.
    let writes = 0;
    const timer = setInterval(() => {
      createVersion(ds, "kept", {});
      writes++;
    }, 1);
    // Let the load run for a while first, so the backup starts in the middle of it.
    await new Promise((r) => setTimeout(r, 30));
    const atStart = writes;
    const manifest = await backup(dataDir(), target);
    clearInterval(timer);
    expect(atStart).toBeGreaterThan(0);
    expect(manifest.blobs).toHaveLength(3);
    await expect(backup(dataDir(), target)).rejects.toThrow(/already exists/);

    const restored = path.join(work, "restored");
    await restore(target, restored);
    const copy = new Database(path.join(restored, "stageline.db"), {
      readonly: true,
    });
    const n = (
      copy.prepare("select count(*) n from model_versions").get() as {
        n: number;
      }
    ).n;
    expect(n).toBeGreaterThanOrEqual(before + atStart);
    expect(n).toBeLessThanOrEqual(before + writes);
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(verifyAuditChain(drizzle({ client: copy })).ok).toBe(true);
    for (const b of manifest.blobs) {
      const file = path.join(
        restored,
        "blobs",
        b.sha256.slice(0, 2),
        b.sha256.slice(2, 4),
        b.sha256,
      );
      expect(fs.readFileSync(file).length).toBe(b.size);
    }
    copy.close();
    await expect(restore(target, restored)).rejects.toThrow(
      /already holds a database/,
    );
    // A damaged backup is refused before anything is written.
    const victim = manifest.blobs[0]?.sha256 as string;
    const damaged = path.join(
      `${target}.blobs`,
      victim.slice(0, 2),
      victim.slice(2, 4),
      victim,
    );
    fs.unlinkSync(damaged);
    fs.writeFileSync(damaged, "tampered");
    const empty = path.join(work, "empty");
    await expect(restore(target, empty)).rejects.toThrow(/corrupted/);
    expect(fs.existsSync(path.join(empty, "stageline.db"))).toBe(false);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("backs up the audit key and restores it checked against the manifest, so the restored log verifies", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "keyed" });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "stageline-backup-"));
    const target = path.join(work, "keyed");
    const manifest = await backup(dataDir(), target);
    const key = fs.readFileSync(path.join(dataDir(), "audit-key"));
    expect(manifest.audit_key).toEqual({
      sha256: createHash("sha256").update(key).digest("hex"),
    });
    expect(fs.statSync(`${target}.audit-key`).mode & 0o777).toBe(0o600);

    const restored = path.join(work, "restored");
    await restore(target, restored);
    expect(fs.readFileSync(path.join(restored, "audit-key")).equals(key)).toBe(
      true,
    );
    expect(fs.statSync(path.join(restored, "audit-key")).mode & 0o777).toBe(
      0o600,
    );
    const copy = new Database(path.join(restored, "stageline.db"), {
      readonly: true,
    });
    const restoredKey = auditKeyIn(restored) ?? "";
    expect(
      verifyAuditChain(drizzle({ client: copy }), {
        key: restoredKey,
        anchorFile: null,
      }),
    ).toMatchObject({ ok: true });
    // Without the backed-up key the restored log could not be told from a forgery.
    expect(
      verifyAuditChain(drizzle({ client: copy }), {
        key: "a-fresh-key-of-a-new-folder",
        anchorFile: null,
      }),
    ).toMatchObject({ ok: false, brokenAt: 1 });
    copy.close();

    // A swapped key file is refused before anything is written.
    fs.writeFileSync(`${target}.audit-key`, "someone-elses-key-0123456789");
    const empty = path.join(work, "empty");
    await expect(restore(target, empty)).rejects.toThrow(
      /audit-key does not match its manifest/,
    );
    expect(fs.existsSync(path.join(empty, "stageline.db"))).toBe(false);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("copies artifact files instead of linking the live ones, and a restore checks the secret against the manifest", async () => {
    const ds = await makeUser("data_scientist");
    makeModel(ds, { name: "copied" });
    await makeVersion(ds, "copied", {
      artifacts: { "model.bin": "the weights, once" },
    });
    const secretFile = path.join(dataDir(), "secret");
    if (!fs.existsSync(secretFile))
      fs.writeFileSync(secretFile, "the-cookie-key", { mode: 0o600 });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "stageline-backup-"));
    const target = path.join(work, "copy");
    const manifest = await backup(dataDir(), target);
    const sha = manifest.blobs.find(
      (b) => b.size === "the weights, once".length,
    )?.sha256 as string;
    const live = path.join(
      dataDir(),
      "blobs",
      sha.slice(0, 2),
      sha.slice(2, 4),
      sha,
    );
    const copy = path.join(
      `${target}.blobs`,
      sha.slice(0, 2),
      sha.slice(2, 4),
      sha,
    );
    expect(fs.statSync(copy).ino).not.toBe(fs.statSync(live).ino);
    expect(fs.statSync(live).nlink).toBe(1);
    // Damage to the live file (in place, as a disk error or a hand edit would) leaves the backup whole.
    fs.writeFileSync(live, "bit rot!!!!!!!!!!");
    expect(fs.readFileSync(copy, "utf8")).toBe("the weights, once");
    // Only the owner may read what holds sessions and the cookie key.
    for (const f of [
      `${target}.db`,
      `${target}.secret`,
      `${target}.manifest.json`,
    ])
      expect(fs.statSync(f).mode & 0o777, f).toBe(0o600);
    expect(manifest.secret_sha256).toMatch(/^[0-9a-f]{64}$/);

    // A swapped or missing secret is refused before anything is written.
    fs.writeFileSync(`${target}.secret`, "someone-elses-key");
    const a = path.join(work, "a");
    await expect(restore(target, a)).rejects.toThrow(
      /copy\.secret does not match its manifest/,
    );
    expect(fs.existsSync(path.join(a, "stageline.db"))).toBe(false);
    fs.rmSync(`${target}.secret`);
    await expect(restore(target, a)).rejects.toThrow(/copy\.secret is missing/);
    fs.copyFileSync(secretFile, `${target}.secret`);
    await restore(target, a);
    expect(fs.readFileSync(path.join(a, "secret"), "utf8")).toBe(
      fs.readFileSync(secretFile, "utf8"),
    );
    fs.rmSync(work, { recursive: true, force: true });
  });
});
