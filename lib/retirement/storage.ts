// What releasing a retirement's files frees (garbage collection by reference count): the plan the
// release job follows, and the dry run of every pending release shown in Settings › Storage.
import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { artifacts, blobs, retirements, type RetirementRow } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { coveredVersionIds, subjectOf } from "./lookups";

/** Blob files a retirement's release would free: those no version outside released retirements uses. */
export function releasePlan(
  db: Db | Tx,
  r: RetirementRow,
): { sha256: string; size: number }[] {
  const own = coveredVersionIds(db, r);
  if (own.length === 0) return [];
  const released = withStatus(db, "released").flatMap((x) =>
    coveredVersionIds(db, x),
  );
  const gone = new Set([...own, ...released]);
  const shas = [
    ...new Set(
      db
        .select({ sha: artifacts.sha256 })
        .from(artifacts)
        .where(inArray(artifacts.versionId, own))
        .all()
        .map((a) => a.sha),
    ),
  ];
  if (shas.length === 0) return [];
  const users = db
    .select({ sha: artifacts.sha256, versionId: artifacts.versionId })
    .from(artifacts)
    .where(inArray(artifacts.sha256, shas))
    .all();
  const free = shas.filter((sha) =>
    users.filter((u) => u.sha === sha).every((u) => gone.has(u.versionId)),
  );
  return free.length
    ? db
        .select({ sha256: blobs.sha256, size: blobs.size })
        .from(blobs)
        .where(and(inArray(blobs.sha256, free), isNull(blobs.releasedAt)))
        .all()
    : [];
}

export type StorageReport = {
  /** Retired, not yet released: what each release will free, and when. */
  pending: {
    retirement_id: number;
    model: string;
    version: number | null;
    release_after: number;
    due: boolean;
    blobs: number;
    bytes: number;
    shared_kept: number;
  }[];
  released: {
    retirement_id: number;
    model: string;
    version: number | null;
    released_at: number;
    bytes_freed: number;
  }[];
  bytes_due_now: number;
  bytes_scheduled: number;
};

/** The dry run shown in Settings › Storage: nothing is deleted. */
export function storageReport(actor: Actor, now = Date.now()): StorageReport {
  assertCan(actor, "settings.read");
  const db = getDb();
  const pending = withStatus(db, "retired")
    .map((r) => {
      const plan = releasePlan(db, r);
      const all = new Set(
        db
          .select({ sha: artifacts.sha256 })
          .from(artifacts)
          .where(
            inArray(artifacts.versionId, coveredVersionIds(db, r).concat(-1)),
          )
          .all()
          .map((a) => a.sha),
      );
      return {
        ...whatIsRetired(db, r),
        release_after: r.releaseAfter ?? 0,
        due: (r.releaseAfter ?? 0) <= now,
        blobs: plan.length,
        bytes: plan.reduce((a, b) => a + b.size, 0),
        shared_kept: all.size - plan.length,
      };
    })
    .sort((a, b) => a.release_after - b.release_after);
  const released = withStatus(db, "released")
    .map((r) => ({
      ...whatIsRetired(db, r),
      released_at: r.releasedAt ?? 0,
      bytes_freed: r.bytesFreed ?? 0,
    }))
    .sort((a, b) => b.released_at - a.released_at);
  return {
    pending,
    released,
    bytes_due_now: pending
      .filter((p) => p.due)
      .reduce((a, p) => a + p.bytes, 0),
    bytes_scheduled: pending.reduce((a, p) => a + p.bytes, 0),
  };
}

function withStatus(
  db: Db | Tx,
  status: RetirementRow["status"],
): RetirementRow[] {
  return db
    .select()
    .from(retirements)
    .where(eq(retirements.status, status))
    .all();
}

/** The first columns of both report lists: which retirement, of what. */
function whatIsRetired(db: Db, r: RetirementRow) {
  const subject = subjectOf(db as Tx, r);
  return {
    retirement_id: r.id,
    model: subject.model.name,
    version: subject.version,
  };
}
