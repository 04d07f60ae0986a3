// Progress of long jobs (an evaluation of a million rows), visible to every process: a job is a
// row of the `leases` table named `job:<kind>:<subject>:<id>`, held by the process running it.
// That table already means "held by one process until it expires": the holder column carries the
// job's state as JSON, expires_at is renewed on every report and by a heartbeat, so a job whose
// process died reads as failed ("interrupted") once its lease runs out. Finished jobs stay
// readable for RETAIN_MS, then the next job of the same kind and subject deletes them.
import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, like, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { leases } from "@/db/schema";
import { processHolder } from "@/lib/scheduler/lease";

export const JOB_TTL_MS = 30_000;
export const RETAIN_MS = 10 * 60_000;
const HEARTBEAT_MS = 5_000;

export type JobStatus = "queued" | "running" | "done" | "failed";
export type JobView = {
  id: string;
  label: string;
  status: JobStatus;
  progress: number;
  stage: string;
  message: string | null;
  started_at: number;
  updated_at: number;
};

type Stored = {
  label: string;
  status: JobStatus;
  progress: number;
  stage: string;
  message: string | null;
  updated_at: number;
  process: string;
};

export type Job = {
  id: string;
  /** A stage reached (done: 0..1): written at most every 200 ms unless it is the last. */
  progress: (done: number, stage: string) => void;
  finish: (message?: string) => void;
  fail: (message: string) => void;
};

const prefix = (kind: string, subject: number | string) =>
  `job:${kind}:${subject}:`;

/** Records a new job as queued (its process holds it) and returns the handle that reports on it. */
export function startJob(
  kind: string,
  subject: number | string,
  label: string,
  now = Date.now,
): Job {
  const db = getDb();
  const id = randomUUID();
  const name = `${prefix(kind, subject)}${id}`;
  const started = now();
  // Finished or abandoned jobs of this subject are gone once expired.
  db.delete(leases)
    .where(
      and(
        like(leases.name, `${prefix(kind, subject)}%`),
        lt(leases.expiresAt, started),
      ),
    )
    .run();
  let state: Stored = {
    label,
    status: "queued",
    progress: 0,
    stage: "queued",
    message: null,
    updated_at: started,
    process: processHolder(),
  };
  db.insert(leases)
    .values({
      name,
      holder: JSON.stringify(state),
      acquiredAt: started,
      expiresAt: started + JOB_TTL_MS,
    })
    .run();
  let lastWrite = 0;
  const write = (next: Partial<Stored>, keepFor = JOB_TTL_MS) => {
    const at = now();
    state = { ...state, ...next, updated_at: at };
    lastWrite = at;
    try {
      db.update(leases)
        .set({ holder: JSON.stringify(state), expiresAt: at + keepFor })
        .where(eq(leases.name, name))
        .run();
    } catch (error) {
      // Progress is for the eyes only: a busy database must not fail the job itself.
      console.error("[stageline] job progress not recorded", error);
    }
  };
  const heartbeat = setInterval(() => write({}), HEARTBEAT_MS);
  heartbeat.unref();
  const end = (next: Partial<Stored>) => {
    clearInterval(heartbeat);
    write(next, RETAIN_MS);
  };
  return {
    id,
    progress: (done, stage) => {
      if (state.status !== "queued" && state.status !== "running") return;
      if (now() - lastWrite < 200 && done < 1) return;
      write({
        status: "running",
        progress: Math.max(state.progress, Math.min(1, done)),
        stage,
      });
    },
    finish: (message) =>
      end({
        status: "done",
        progress: 1,
        stage: "done",
        message: message ?? null,
      }),
    fail: (message) => end({ status: "failed", stage: "failed", message }),
  };
}

/** The jobs of one subject, newest first; one whose process stopped reporting reads as failed. */
export function listJobs(
  kind: string,
  subject: number | string,
  now = Date.now(),
): JobView[] {
  const rows = getDb()
    .select()
    .from(leases)
    .where(like(leases.name, `${prefix(kind, subject)}%`))
    .all();
  return rows
    .map((row): JobView | null => {
      const s = parse(row.holder);
      if (!s) return null;
      const id = row.name.slice(prefix(kind, subject).length);
      const view: JobView = {
        id,
        label: s.label,
        status: s.status,
        progress: s.progress,
        stage: s.stage,
        message: s.message,
        started_at: row.acquiredAt,
        updated_at: s.updated_at,
      };
      if (row.expiresAt < now) {
        if (s.status === "done" || s.status === "failed") return null;
        return {
          ...view,
          status: "failed",
          stage: "failed",
          message: "interrupted: the process running it stopped",
        };
      }
      return view;
    })
    .filter((j): j is JobView => j !== null)
    .sort((a, b) => b.started_at - a.started_at);
}

function parse(holder: string): Stored | null {
  try {
    const s = JSON.parse(holder) as Partial<Stored>;
    return typeof s.status === "string" && typeof s.label === "string"
      ? (s as Stored)
      : null;
  } catch {
    return null;
  }
}
