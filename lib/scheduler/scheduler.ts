// In-process periodic work, started in every server process from instrumentation.ts. Every job is
// idempotent and keeps its state in the database, so a restart loses and repeats nothing.
//
// Several processes serve one data folder, so the work is split in two:
// - Per process (runs in every process, every tick): flushing THIS process's in-memory buffer of
//   monitoring points and served predictions (lib/monitoring/recorder.ts). Only this process can
//   write them; skipping it would lose them. And renewing this server's `server` lease (lease.ts,
//   checkIn), which says a Stageline serves the folder while any of its workers lives.
// - Global (runs only in the process holding the `scheduler` lease, see lease.ts): work on shared
//   state in the database, which must run once per data folder, not once per process:
//   raw point expiry (dropOldPoints), drift snapshots (recordDrift: a second process would record
//   every PSI point twice), retirement jobs (sunset notices, retirements, file releases), alert
//   evaluation (a second evaluator would double notifications), audit anchoring (the anchor file and
//   the hourly audit.anchor event) and webhook sending (startDueDeliveries). Resuming the deliveries a dead
//   process left in flight happens when a process acquires the lease, since the holder that left
//   them is gone (or lost the lease) by then.
// Every process starts the ticker; at each tick it acquires or renews the lease, and before each
// global job it renews it again, so a holder that lost the lease (its tick stalled past the TTL and
// another process took over) stops at once instead of finishing the tick beside the new holder.
import "server-only";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { anchorAuditChain } from "@/lib/audit/anchor";
import { auditKey } from "@/lib/audit/audit-key";
import { recordDrift } from "@/lib/drift/snapshot";
import { runRetirementJobs } from "@/lib/retirement/jobs";
import { flushPredictionCounters } from "@/lib/monitoring/prediction-counters";
import { dropOldPoints } from "@/lib/monitoring/points";
import { flush } from "@/lib/monitoring/recorder";
import {
  resumeInterruptedDeliveries,
  startDueDeliveries,
} from "@/lib/webhooks/delivery";
import {
  acquireLease,
  checkIn,
  checkOut,
  LEASE_TTL_MS,
  processHolder,
  readLease,
  releaseLease,
  renewLease,
} from "./lease";

export const SCHEDULER_LEASE = "scheduler";
export const TICK_MS = 2_000;

export type SchedulerJob = {
  name: string;
  /** Runs at most once per this many ms (0: every tick). */
  everyMs: number;
  /** Counts the interval from the start of a run, so a failing run is not retried every tick. */
  markBeforeRun?: boolean;
  run: (now: number) => unknown;
};

export type SchedulerJobs = {
  perProcess: SchedulerJob[];
  global: SchedulerJob[];
  /** When this process takes the lease: pick up what the previous holder left half done. */
  onAcquire: (now: number) => void;
};

export const defaultJobs: SchedulerJobs = {
  perProcess: [
    { name: "monitoring flush", everyMs: 0, run: () => flush() },
    // Every worker renews its server's `server` lease, so it stays fresh while any worker lives.
    { name: "server check-in", everyMs: 0, run: () => checkIn() },
  ],
  global: [
    {
      name: "raw point expiry",
      everyMs: 3_600_000,
      run: (now) => dropOldPoints(now),
    },
    {
      name: "drift snapshots",
      everyMs: 60_000,
      run: (now) => recordDrift(now),
    },
    {
      name: "retirement jobs",
      everyMs: 10_000,
      run: (now) => runRetirementJobs(now),
    },
    { name: "alert evaluation", everyMs: 0, run: (now) => evaluateAlerts(now) },
    // Verifies the events since the last anchor and moves it; queues audit.anchor when due.
    {
      name: "audit anchor",
      everyMs: 60_000,
      markBeforeRun: true,
      run: (now) => anchorAuditChain(now),
    },
    {
      name: "webhook sending",
      everyMs: 0,
      run: (now) => startDueDeliveries(now),
    },
  ],
  onAcquire: (now) => {
    resumeInterruptedDeliveries(now);
  },
};

export type TickResult = { leased: boolean; ran: string[] };

export type SchedulerLoop = {
  /** One tick: per-process jobs, then the global ones if we hold (or can take) the lease. */
  tick: () => Promise<TickResult>;
  /** Acquires or renews the lease without running anything; true while we hold it. */
  claim: () => boolean;
  holds: () => boolean;
  /** Gives the lease up (graceful stop). */
  release: () => void;
};

/** The scheduler's loop for one holder; the holder, clock and jobs are parameters so tests can run two "processes" on one database. */
export function schedulerLoop(
  options: {
    holder?: string;
    now?: () => number;
    jobs?: SchedulerJobs;
    ttl?: number;
  } = {},
): SchedulerLoop {
  const holder = options.holder ?? processHolder();
  const now = options.now ?? Date.now;
  const jobs = options.jobs ?? defaultJobs;
  const ttl = options.ttl ?? LEASE_TTL_MS;
  const last = new Map<string, number>();
  let held = false;
  let running = false;
  // Set by release(): a tick still under way (awaiting a job) when the process stops runs nothing
  // more, so it cannot take a lease (or check in) again after the stop handed it back.
  let stopped = false;

  const claim = (): boolean => {
    if (stopped) return false;
    const at = now();
    const result = acquireLease(SCHEDULER_LEASE, holder, at, ttl);
    if (result === "acquired") {
      held = true;
      // Another process may have run the global jobs since we last did: start their intervals afresh.
      last.clear();
      jobs.onAcquire(at);
    } else if (result === "renewed") {
      held = true;
    } else if (held) {
      held = false;
      const other = readLease(SCHEDULER_LEASE);
      console.warn(
        `[stageline] scheduler lease lost to ${other?.holder ?? "nobody"}; this process stops running the scheduler's jobs`,
      );
    }
    return held;
  };

  const runDue = async (
    list: SchedulerJob[],
    ran: string[],
    leased: boolean,
  ): Promise<boolean> => {
    for (const job of list) {
      if (stopped) return false;
      const at = now();
      const previous = last.get(job.name);
      if (previous !== undefined && at - previous < job.everyMs) continue;
      // Leased work only while the lease is still ours at this moment.
      if (leased && !renewLease(SCHEDULER_LEASE, holder, at, ttl)) {
        if (held)
          console.warn(
            `[stageline] scheduler lease lost; stopping before ${job.name}`,
          );
        held = false;
        return false;
      }
      if (job.markBeforeRun) last.set(job.name, at);
      try {
        await job.run(at);
        last.set(job.name, job.markBeforeRun ? at : now());
      } catch (error) {
        console.error(`[stageline] scheduler job "${job.name}" failed`, error);
      }
      ran.push(job.name);
    }
    return true;
  };

  const tick = async (): Promise<TickResult> => {
    const ran: string[] = [];
    // A tick still running (a slow job past TICK_MS): keep the lease alive (a slow job must not let it
    // lapse and have a second process start beside us), and run nothing else.
    if (running) {
      try {
        claim();
      } catch (error) {
        console.error("[stageline] scheduler lease renewal failed", error);
      }
      return { leased: held, ran };
    }
    running = true;
    try {
      await runDue(jobs.perProcess, ran, false);
      if (claim()) await runDue(jobs.global, ran, true);
      return { leased: held, ran };
    } catch (error) {
      // The lease's own transaction failed (disk full, database busy past the timeout): try again next tick.
      console.error("[stageline] scheduler tick failed", error);
      return { leased: false, ran };
    } finally {
      running = false;
    }
  };

  const release = (): void => {
    stopped = true;
    if (held) releaseLease(SCHEDULER_LEASE, holder);
    held = false;
  };

  return { tick, claim, holds: () => held, release };
}

const globalForScheduler = globalThis as unknown as {
  __stagelineScheduler?: { timer: NodeJS.Timeout; loop: SchedulerLoop };
};

export function startScheduler(): void {
  if (globalForScheduler.__stagelineScheduler) return;
  // A bad STAGELINE_AUDIT_KEY (or an unreadable data/audit-key) stops the start here, with its
  // message, instead of failing every write that appends an audit event.
  auditKey();
  const loop = schedulerLoop();
  // Take the lease now (if free), so a second server started on this folder sees it at once;
  // the jobs themselves first run at the first tick.
  try {
    checkIn();
    loop.claim();
  } catch (error) {
    console.error("[stageline] scheduler lease failed", error);
  }
  const timer = setInterval(() => void loop.tick(), TICK_MS);
  timer.unref();
  globalForScheduler.__stagelineScheduler = { timer, loop };
}

/** Stops the ticker and gives the lease up, so another process takes the jobs over at its next tick (for a graceful shutdown). */
export function stopScheduler(): void {
  const s = globalForScheduler.__stagelineScheduler;
  if (!s) return;
  clearInterval(s.timer);
  // This process's last second of monitoring points and prediction counts: only it can write them.
  try {
    flush();
    flushPredictionCounters();
  } catch (error) {
    console.error("[stageline] final monitoring flush failed", error);
  }
  try {
    s.loop.release();
    checkOut();
  } catch (error) {
    console.error("[stageline] releasing the scheduler lease failed", error);
  }
  globalForScheduler.__stagelineScheduler = undefined;
}
