// The start lock across real processes: two starts at the same moment run their start-up step one
// after the other, never together; a holder killed mid-step (SIGKILL) lets the next one in at once.
import type { ChildProcess } from "node:child_process";
import { afterAll, expect, it } from "vitest";
import { spawnScript } from "@/lib/testing/child-script";
import { takeStartLock } from "./start-lock";

const children: ChildProcess[] = [];

function child(holdMs?: number): {
  proc: ChildProcess;
  lines: string[];
  exited: Promise<void>;
} {
  const proc = spawnScript(
    "lib/scheduler/testing/start-lock-child.ts",
    holdMs === undefined ? [] : [holdMs],
  );
  const lines: string[] = [];
  proc.stdout?.on("data", (d: Buffer) =>
    lines.push(...d.toString().trim().split("\n")),
  );
  children.push(proc);
  return {
    proc,
    lines,
    exited: new Promise((resolve) => proc.once("exit", () => resolve())),
  };
}

async function until(
  what: string,
  check: () => boolean,
  ms: number,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const at = (lines: string[], word: string) =>
  Number(lines.find((l) => l.startsWith(word))?.split(" ")[2]);

afterAll(() => {
  for (const c of children)
    if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

it("in one process: a second taker waits while the lock is held, and gives up after its wait with a message", async () => {
  const first = await takeStartLock({ log: () => undefined });
  const said: string[] = [];
  await expect(
    takeStartLock({ waitMs: 300, pollMs: 20, log: (l) => said.push(l) }),
  ).rejects.toThrow(/Another Stageline process has been starting/);
  expect(said.join("\n")).toMatch(
    /waiting for another process starting on this data folder/,
  );
  first.release();
  const second = await takeStartLock({ waitMs: 300, log: () => undefined });
  second.release();
});

it("two processes started at the same moment hold the lock one after the other, never both", async () => {
  const a = child(600);
  const b = child(600);
  await Promise.all([a.exited, b.exited]);
  const spans = [a, b].map((c) => ({
    locked: at(c.lines, "locked"),
    released: at(c.lines, "released"),
  }));
  for (const s of spans)
    expect(s.released).toBeGreaterThanOrEqual(s.locked + 600);
  const [early, late] = spans.sort((x, y) => x.locked - y.locked) as [
    (typeof spans)[0],
    (typeof spans)[0],
  ];
  // Both were waiting together (started at once), and the later one got in only after the release.
  expect(late.locked).toBeGreaterThanOrEqual(early.released);
});

it("a holder killed with SIGKILL releases the lock at once (the kernel drops its locks)", async () => {
  const holder = child();
  await until(
    "the child holds the lock",
    () => holder.lines.some((l) => l.startsWith("locked")),
    15_000,
  );
  await expect(
    takeStartLock({ waitMs: 200, pollMs: 20, log: () => undefined }),
  ).rejects.toThrow(/starting/);
  const waiting = takeStartLock({
    waitMs: 10_000,
    pollMs: 20,
    log: () => undefined,
  });
  const killedAt = Date.now();
  holder.proc.kill("SIGKILL");
  const lock = await waiting;
  expect(Date.now() - killedAt).toBeLessThan(1_000);
  lock.release();
});
