// Scheduled retirement work, run by the in-process scheduler: sunset notices (30, 7 and 1 days
// before, once each), sunsets that are due, and the release of artifact files after retention
// (garbage collection by reference count). Each step checks state in its own transaction, so
// running it twice, or after a crash, changes nothing more.
import "server-only";
import { and, eq, inArray, isNotNull, lte, type SQL } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import {
  blobs,
  retirements,
  transitionRequests,
  type RetirementRow,
} from "@/db/schema";
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/actor";
import { blobStore } from "@/lib/blobs/blob-store";
import { emit } from "@/lib/events/dispatch";
import { executeRetirement } from "./apply";
import { coveredVersionIds, deploymentsOfVersions, subjectOf } from "./lookups";
import { releasePlan } from "./storage";
import { formatDate } from "@/lib/format";
import { DAY } from "./retirement.validation";

export const NOTICE_DAYS = [30, 7, 1] as const;

export async function runRetirementJobs(now = Date.now()): Promise<{
  notices: number;
  retired: number;
  released: number;
  files_deleted: number;
}> {
  const notices = sendNotices(now);
  const retired = runSunsets(now);
  const released = releaseDue(now);
  const filesDeleted = await sweepReleasedFiles();
  return { notices, retired, released, files_deleted: filesDeleted };
}

/** One notice per threshold crossed; a retirement approved 5 days before its sunset gets the 7-day one only. */
export function sendNotices(now = Date.now()): number {
  let sent = 0;
  for (const r of retirementsWhere(eq(retirements.status, "scheduled"))) {
    const left = r.sunsetAt - now;
    if (left <= 0) continue;
    const done = JSON.parse(r.noticesSent) as number[];
    const due = NOTICE_DAYS.filter((d) => left <= d * DAY && !done.includes(d));
    if (due.length === 0) continue;
    const ran = onFreshRow(
      r,
      (fresh) =>
        fresh.status === "scheduled" && fresh.noticesSent === r.noticesSent,
      (tx) => {
        const closest = Math.min(...due);
        tx.update(retirements)
          .set({
            noticesSent: JSON.stringify(
              [...done, ...due].sort((a, b) => b - a),
            ),
          })
          .where(eq(retirements.id, r.id))
          .run();
        const subject = subjectOf(tx, r);
        const daysLeft = Math.ceil(left / DAY);
        emit(
          tx,
          SYSTEM_ACTOR,
          {
            action: "retirement.sunset_notice",
            entityType: "retirement",
            entityId: r.id,
            after: {
              model: subject.model.name,
              version: subject.version,
              notice_days: closest,
              days_left: daysLeft,
              sunset_at: new Date(r.sunsetAt).toISOString(),
            },
          },
          consumers(tx, r).map((userId) => ({
            userId,
            kind: "sunset_notice",
            message: `${subject.label} reaches its sunset in ${daysLeft} day${daysLeft === 1 ? "" : "s"} (${formatDate(r.sunsetAt)})`,
            link: subject.href,
          })),
        );
      },
    );
    if (ran) sent++;
  }
  return sent;
}

export function runSunsets(
  now = Date.now(),
  actor: Actor = SYSTEM_ACTOR,
): number {
  let done = 0;
  for (const r of retirementsWhere(
    and(eq(retirements.status, "scheduled"), lte(retirements.sunsetAt, now)),
  )) {
    const ran = onFreshRow(
      r,
      (fresh) => fresh.status === "scheduled",
      (tx, fresh) => executeRetirement(tx, actor, fresh, now),
    );
    if (ran) done++;
  }
  return done;
}

export function releaseDue(now = Date.now()): number {
  let done = 0;
  for (const r of retirementsWhere(
    and(eq(retirements.status, "retired"), lte(retirements.releaseAfter, now)),
  )) {
    const ran = onFreshRow(
      r,
      (fresh) => fresh.status === "retired",
      (tx, fresh) => {
        const plan = releasePlan(tx, fresh);
        const bytes = plan.reduce((a, b) => a + b.size, 0);
        if (plan.length)
          tx.update(blobs)
            .set({ releasedAt: now })
            .where(
              inArray(
                blobs.sha256,
                plan.map((b) => b.sha256),
              ),
            )
            .run();
        tx.update(retirements)
          .set({ status: "released", releasedAt: now, bytesFreed: bytes })
          .where(eq(retirements.id, r.id))
          .run();
        const subject = subjectOf(tx, fresh);
        emit(tx, SYSTEM_ACTOR, {
          action: "retirement.released",
          entityType: "retirement",
          entityId: r.id,
          before: { status: "retired" },
          after: {
            status: "released",
            model: subject.model.name,
            version: subject.version,
            blobs: plan.length,
            bytes_freed: bytes,
          },
        });
      },
    );
    if (ran) done++;
  }
  return done;
}

/** Deletes the files of released blobs (after the release committed; a crash in between is caught up here). */
export async function sweepReleasedFiles(): Promise<number> {
  const store = blobStore();
  let deleted = 0;
  for (const b of getDb()
    .select({ sha256: blobs.sha256 })
    .from(blobs)
    .where(isNotNull(blobs.releasedAt))
    .all()) {
    if (!(await store.stat(b.sha256))) continue;
    await store.remove(b.sha256);
    deleted++;
  }
  return deleted;
}

function retirementsWhere(where: SQL | undefined): RetirementRow[] {
  return getDb().select().from(retirements).where(where).all();
}

/**
 * Runs `work` on a retirement the job listed, in its own immediate transaction that reads the row
 * again first and skips it unless `stillDue(fresh)`: a second run, or one racing this one, finds
 * the step done. Returns whether the step ran.
 */
function onFreshRow(
  listed: RetirementRow,
  stillDue: (fresh: RetirementRow) => boolean,
  work: (tx: Tx, fresh: RetirementRow) => void,
): boolean {
  return getDb().transaction(
    (tx) => {
      const fresh = tx
        .select()
        .from(retirements)
        .where(eq(retirements.id, listed.id))
        .get();
      if (!fresh || !stillDue(fresh)) return false;
      work(tx, fresh);
      return true;
    },
    { behavior: "immediate" },
  );
}

/** Who hears about a coming sunset: the owner, the requester, and whoever deployed the version(s). */
function consumers(tx: Tx, r: RetirementRow): (string | null)[] {
  const subject = subjectOf(tx, r);
  const requester =
    tx
      .select({ by: transitionRequests.requestedBy })
      .from(transitionRequests)
      .where(eq(transitionRequests.id, r.requestId))
      .get()?.by ?? null;
  const ids = coveredVersionIds(tx, r);
  const deployers = deploymentsOfVersions(tx, ids).map((d) => d.createdBy);
  return [subject.model.ownerId, requester, ...deployers];
}
