// Two real processes on one data folder run the scheduler's lease loop; SIGKILL the holder and the
// other must hold the lease (and run the global jobs) within 10 s.
import type { ChildProcess } from "node:child_process";
import { afterAll, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { spawnScript } from "@/lib/testing/child-script";
import { assertDataFolderFree, parseHolder, readLease } from "./lease";
import { SCHEDULER_LEASE } from "./scheduler";

const children: ChildProcess[] = [];

function child(): { proc: ChildProcess; out: string[] } {
  // On this test's data folder: the environment it runs in.
  const proc = spawnScript("lib/scheduler/testing/lease-child.ts");
  const out: string[] = [];
  proc.stdout?.on("data", (d: Buffer) =>
    out.push(...d.toString().trim().split("\n")),
  );
  children.push(proc);
  return { proc, out };
}

async function until<T>(
  what: string,
  check: () => T | undefined | null | false,
  ms: number,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(() => {
  for (const c of children)
    if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

it("refuses a second server while the holder lives, and moves the scheduler lease to the surviving process within 10 s of a SIGKILL", async () => {
  getDb(); // migrated before the children open it
  const one = child();
  const two = child();
  await until(
    "both children started",
    () =>
      one.out.some((l) => l.startsWith("started")) &&
      two.out.some((l) => l.startsWith("started")),
    12_000,
  );
  const lease = await until(
    "a holder",
    () => readLease(SCHEDULER_LEASE),
    2_000,
  );
  const holderPid = parseHolder(lease.holder)?.pid;
  const [holder, other] = holderPid === one.proc.pid ? [one, two] : [two, one];
  expect(holder.proc.pid).toBe(holderPid);
  // A third start on this folder refuses while the holder is alive (it renews within the wait), naming it.
  await expect(
    assertDataFolderFree({ join: false, self: "3@test#abc" }),
  ).rejects.toThrow(`process ${holderPid} on `);
  // Only the holder runs the global jobs.
  expect(other.out.filter((l) => l.startsWith("global"))).toEqual([]);
  holder.proc.kill("SIGKILL");
  const killedAt = Date.now();
  await until(
    "the takeover",
    () => other.out.some((l) => l.startsWith(`global ${other.proc.pid}`)),
    10_000,
  );
  const took = Date.now() - killedAt;
  console.log(`scheduler lease taken over ${took} ms after SIGKILL`);
  expect(readLease(SCHEDULER_LEASE)?.holder).toContain(`${other.proc.pid}@`);
  expect(took).toBeLessThan(10_000);
  other.proc.kill("SIGTERM");
  await new Promise((r) => other.proc.once("exit", r));
  // A graceful stop gives the lease up.
  expect(readLease(SCHEDULER_LEASE)).toBeNull();
}, 30_000);
