// The data folder's keys are shared by every process serving it: created once whoever comes first,
// never read half-written, and a replaced file is seen by a running process at its next use.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { auditKey } from "@/lib/audit/audit-key";
import { stagelineKey } from "@/lib/signing/keys";
import { runScript } from "@/lib/testing/child-script";
import { authSecret } from "./secret";

const original = process.env.STAGELINE_DATA_DIR;
afterEach(() => {
  process.env.STAGELINE_DATA_DIR = original;
});

async function reader(
  dir: string,
  startAt: number,
): Promise<{ secret: string; audit: string; signing: string }> {
  const { code, out } = await runScript(
    "lib/auth/testing/key-child.ts",
    [startAt],
    { STAGELINE_DATA_DIR: dir },
  );
  if (code !== 0) throw new Error(`reader exited ${code}: ${out}`);
  return JSON.parse(out);
}

it("three processes starting on an empty data folder at once agree on every key", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stageline-keys-"));
  try {
    const startAt = Date.now() + 4_000;
    const seen = await Promise.all([
      reader(dir, startAt),
      reader(dir, startAt),
      reader(dir, startAt),
    ]);
    expect(seen[0]?.secret.length).toBeGreaterThanOrEqual(43);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    expect(fs.readFileSync(path.join(dir, "secret"), "utf8")).toBe(
      seen[0]?.secret,
    );
    expect(fs.readFileSync(path.join(dir, "audit-key"), "utf8")).toBe(
      seen[0]?.audit,
    );
    // No temporary files left behind.
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

it("a key file replaced under a running process is used at its next use; an empty one is refused", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stageline-keys-"));
  process.env.STAGELINE_DATA_DIR = dir;
  try {
    const before = {
      secret: authSecret(),
      audit: auditKey(),
      signing: stagelineKey().fingerprint,
    };
    expect(authSecret()).toBe(before.secret);
    // An operator restores other keys (or another process wrote them): written aside, moved in.
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "stageline-keys-"));
    process.env.STAGELINE_DATA_DIR = other;
    const replacement = {
      secret: authSecret(),
      audit: auditKey(),
      signing: stagelineKey().fingerprint,
    };
    process.env.STAGELINE_DATA_DIR = dir;
    for (const f of ["secret", "audit-key", "signing-key.pem"])
      fs.renameSync(path.join(other, f), path.join(dir, f));
    fs.rmSync(other, { recursive: true, force: true });
    expect({
      secret: authSecret(),
      audit: auditKey(),
      signing: stagelineKey().fingerprint,
    }).toEqual(replacement);
    expect(replacement.secret).not.toBe(before.secret);
    // An empty session secret would sign cookies with "": refused, naming the file.
    fs.writeFileSync(path.join(dir, "secret"), "");
    expect(() => authSecret()).toThrow(/secret is empty/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
