// Scheduled retirement work, run by the in-process scheduler: sunset notices (30, 7 and 1 days
// before, once each), sunsets that are due, and the release of artifact files after retention
// (garbage collection by reference count). Each step checks state in its own transaction, so
// running it twice, or after a crash, changes nothing more.
import "server-only";
import { and, eq, inArray, isNotNull, lte } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import {
  blobs,
  deployments,
  retirements,
  transitionRequests,
  type RetirementRow,
} from "@/db/schema";
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/actor";
import { blobStore } from "@/lib/blobs/blob-store";
import { emit } from "@/lib/events/dispatch";
import { executeRetirement } from "./apply";
import { coveredVersionIds, subjectOf } from "./lookups";
import { releasePlan } from "./storage";
import { formatDate } from "@/lib/format";

const DAY = 86_400_000;
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
  const db = getDb();
  let sent = 0;
  for (const r of db
    .select()
    .from(retirements)
    .where(eq(retirements.status, "scheduled"))
    .all()) {
    const left = r.sunsetAt - now;
    if (left <= 0) continue;
    const done = JSON.parse(r.noticesSent) as number[];
    const due = NOTICE_DAYS.filter((d) => left <= d * DAY && !done.includes(d));
    if (due.length === 0) continue;
    db.transaction(
      (tx) => {
        const fresh = tx
          .select()
          .from(retirements)
          .where(eq(retirements.id, r.id))
          .get();
        if (
          !fresh ||
          fresh.status !== "scheduled" ||
          fresh.noticesSent !== r.noticesSent
        )
          return;
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
        sent++;
      },
      { behavior: "immediate" },
    );
  }
  return sent;
}

export function runSunsets(
  now = Date.now(),
  actor: Actor = SYSTEM_ACTOR,
): number {
  const db = getDb();
  let done = 0;
  for (const r of db
    .select()
    .from(retirements)
    .where(
      and(eq(retirements.status, "scheduled"), lte(retirements.sunsetAt, now)),
    )
    .all()) {
    db.transaction(
      (tx) => {
        const fresh = tx
          .select()
          .from(retirements)
          .where(eq(retirements.id, r.id))
          .get();
        if (fresh?.status !== "scheduled") return;
        executeRetirement(tx, actor, fresh, now);
        done++;
      },
      { behavior: "immediate" },
    );
  }
  return done;
}

export function releaseDue(now = Date.now()): number {
  const db = getDb();
  let done = 0;
  for (const r of db
    .select()
    .from(retirements)
    .where(
      and(
        eq(retirements.status, "retired"),
        lte(retirements.releaseAfter, now),
      ),
    )
    .all()) {
    db.transaction(
      (tx) => {
        const fresh = tx
          .select()
          .from(retirements)
          .where(eq(retirements.id, r.id))
          .get();
        if (fresh?.status !== "retired") return;
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
        done++;
      },
      { behavior: "immediate" },
    );
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
  const deployers = ids.length
    ? tx
        .select({ by: deployments.createdBy })
        .from(deployments)
        .where(inArray(deployments.versionId, ids))
        .all()
        .map((d) => d.by)
    : [];
  return [subject.model.ownerId, requester, ...deployers];
}
