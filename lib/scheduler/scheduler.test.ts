import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { leases } from "@/db/schema";
import { readLease } from "./lease";
import {
  SCHEDULER_LEASE,
  schedulerLoop,
  type SchedulerJobs,
} from "./scheduler";

// Two "processes" on one database: two holder ids, one shared fake clock, jobs that count their runs.
function processes() {
  let t = 5_000_000;
  const log: string[] = [];
  const jobs = (who: string): SchedulerJobs => ({
    perProcess: [
      { name: "flush", everyMs: 0, run: () => log.push(`${who}:flush`) },
    ],
    global: [
      { name: "alerts", everyMs: 0, run: () => log.push(`${who}:alerts`) },
      { name: "webhooks", everyMs: 0, run: () => log.push(`${who}:webhooks`) },
    ],
    onAcquire: () => log.push(`${who}:resume`),
  });
  const a = schedulerLoop({
    holder: "1@host#a",
    now: () => t,
    jobs: jobs("a"),
  });
  const b = schedulerLoop({
    holder: "2@host#b",
    now: () => t,
    jobs: jobs("b"),
  });
  return {
    a,
    b,
    log,
    advance: (ms: number) => (t += ms),
    take: () => log.splice(0),
  };
}

describe("scheduler lease", () => {
  beforeEach(() => {
    getDb().delete(leases).run();
  });

  it("runs the global jobs in one process only, and the per-process flush in both", async () => {
    const p = processes();
    for (let i = 0; i < 3; i++) {
      await p.a.tick();
      await p.b.tick();
      p.advance(2_000);
    }
    const log = p.take();
    expect(log.filter((l) => l === "a:alerts")).toHaveLength(3);
    expect(log.filter((l) => l === "a:webhooks")).toHaveLength(3);
    expect(log.filter((l) => l.startsWith("b:") && l !== "b:flush")).toEqual(
      [],
    );
    expect(log.filter((l) => l.endsWith(":flush"))).toHaveLength(6);
    // Interrupted deliveries are resumed once, by the process that took the lease.
    expect(log.filter((l) => l.endsWith(":resume"))).toEqual(["a:resume"]);
  });

  it("hands the jobs to the other process once the holder stops renewing, and the old holder stops", async () => {
    const p = processes();
    await p.a.tick();
    await p.b.tick();
    p.take();
    // a hangs (or was killed): b keeps ticking every 2 s and takes over once the 6 s lease is out.
    let waited = 0;
    let result = await p.b.tick();
    while (!result.leased) {
      p.advance(2_000);
      waited += 2_000;
      result = await p.b.tick();
    }
    expect(waited).toBeLessThanOrEqual(8_000);
    expect(readLease(SCHEDULER_LEASE)?.holder).toBe("2@host#b");
    expect(p.take()).toEqual(
      expect.arrayContaining(["b:resume", "b:alerts", "b:webhooks"]),
    );
    // a wakes up: it finds the lease gone and runs only its own flush.
    const back = await p.a.tick();
    expect(back.leased).toBe(false);
    expect(p.a.holds()).toBe(false);
    expect(p.take()).toEqual(["a:flush"]);
  });

  it("stops a holder mid-tick when the lease was taken between two jobs", async () => {
    let t = 9_000_000;
    const log: string[] = [];
    const other = schedulerLoop({
      holder: "2@host#b",
      now: () => t,
      jobs: { perProcess: [], global: [], onAcquire: () => {} },
    });
    const a = schedulerLoop({
      holder: "1@host#a",
      now: () => t,
      jobs: {
        perProcess: [],
        global: [
          {
            name: "slow",
            everyMs: 0,
            run: () => {
              // This job stalls past the TTL and another process takes the lease meanwhile.
              t += 7_000;
              other.claim();
              log.push("slow");
            },
          },
          { name: "after", everyMs: 0, run: () => log.push("after") },
        ],
        onAcquire: () => {},
      },
    });
    const result = await a.tick();
    expect(log).toEqual(["slow"]);
    expect(result.leased).toBe(false);
    expect(other.holds()).toBe(true);
  });

  it("gives the lease up on release so the other process takes over at its next tick", async () => {
    const p = processes();
    await p.a.tick();
    p.a.release();
    expect((await p.b.tick()).leased).toBe(true);
  });

  it("runs nothing more in a tick that was under way when the process stopped, and takes no lease again", async () => {
    let finish = () => {};
    const log: string[] = [];
    const loop = schedulerLoop({
      holder: "3@host#c",
      jobs: {
        perProcess: [
          {
            name: "slow flush",
            everyMs: 0,
            run: () => new Promise<void>((r) => (finish = r)),
          },
        ],
        global: [{ name: "after", everyMs: 0, run: () => log.push("after") }],
        onAcquire: () => log.push("resume"),
      },
    });
    const tick = loop.tick();
    loop.release();
    finish();
    const result = await tick;
    expect(log).toEqual([]);
    expect(result.leased).toBe(false);
    expect(readLease(SCHEDULER_LEASE)).toBeNull();
  });
});
