// Reads of retirements: the list, one retirement, the one a model or version page shows, and the
// DTO every answer (commands' included) is shaped into.
import "server-only";
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  RETIREMENT_STATUSES,
  retirements,
  user,
  type RetirementRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { loadModel, loadVersion } from "@/lib/registry/load";
import { replacementOf, subjectOf } from "./lookups";

export type RetirementDto = {
  id: number;
  request_id: number;
  model: string;
  /** Null: the whole model with all its versions. */
  version: number | null;
  category: RetirementRow["category"];
  reason: string;
  replacement: { model: string; version: number | null } | null;
  sunset_at: number;
  retention_days: number;
  status: RetirementRow["status"];
  requested_by: { id: string; name: string } | null;
  created_at: number;
  approved_at: number | null;
  retired_at: number | null;
  release_after: number | null;
  released_at: number | null;
  bytes_freed: number | null;
  restored_at: number | null;
  notices_sent: number[];
};

export function listRetirements(
  actor: Actor,
  opts: { status?: string; model?: string } = {},
): RetirementDto[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const filters: (SQL | undefined)[] = [];
  if (opts.status) {
    const wanted = opts.status.split(",");
    const bad = wanted.find(
      (s) => !(RETIREMENT_STATUSES as readonly string[]).includes(s),
    );
    if (bad)
      throw new DomainError(
        "invalid",
        `status must be one of ${RETIREMENT_STATUSES.join(", ")}`,
        { fields: { status: [`Unknown status '${bad}'`] } },
      );
    filters.push(
      inArray(retirements.status, wanted as RetirementRow["status"][]),
    );
  }
  if (opts.model)
    filters.push(eq(retirements.modelId, loadModel(db, opts.model).id));
  return db
    .select()
    .from(retirements)
    .where(and(...filters))
    .orderBy(desc(retirements.id))
    .limit(500)
    .all()
    .map((r) => toDto(db, r));
}

export function getRetirement(actor: Actor, id: number): RetirementDto {
  assertCan(actor, "models.read");
  const db = getDb();
  const r = db.select().from(retirements).where(eq(retirements.id, id)).get();
  if (!r) throw new DomainError("not_found", `Retirement #${id} not found`);
  return toDto(db, r);
}

/** The retirement (requested, scheduled or done) a model or version page should show, if any. */
export function currentRetirement(
  actor: Actor,
  modelName: string,
  version?: number,
): RetirementDto | null {
  assertCan(actor, "models.read");
  const db = getDb();
  const model = loadModel(db, modelName);
  const versionId =
    version === undefined ? null : loadVersion(db, model, version).id;
  const row = liveRetirementsOfModel(db)
    .all({ modelId: model.id })
    .filter((r) => r.versionId === null || r.versionId === versionId)
    // A whole-model retirement wins over the version's own only once approved.
    .sort((a, b) => rank(a) - rank(b))[0];
  return row ? toDto(db, row) : null;
}

// Every page of a model asks this; most models have none, so it is one indexed read.
const liveRetirementsOfModel = preparedQuery((db) =>
  db
    .select()
    .from(retirements)
    .where(
      and(
        eq(retirements.modelId, sql.placeholder("modelId")),
        inArray(retirements.status, [
          "requested",
          "scheduled",
          "retired",
          "released",
        ]),
      ),
    )
    .orderBy(desc(retirements.id))
    .prepare(),
);

const rank = (r: RetirementRow) =>
  ({
    released: 0,
    retired: 1,
    scheduled: 2,
    requested: 3,
    restored: 4,
    rejected: 5,
    cancelled: 6,
  })[r.status] + (r.versionId === null ? 0 : 0.5);

export function toDto(db: Db | Tx, r: RetirementRow): RetirementDto {
  const subject = subjectOf(db as Tx, r);
  const requester = r.createdBy
    ? (db
        .select({ id: user.id, name: user.name })
        .from(user)
        .where(eq(user.id, r.createdBy))
        .get() ?? null)
    : null;
  return {
    id: r.id,
    request_id: r.requestId,
    model: subject.model.name,
    version: subject.version,
    category: r.category,
    reason: r.reason,
    replacement: replacementOf(db as Tx, r),
    sunset_at: r.sunsetAt,
    retention_days: r.retentionDays,
    status: r.status,
    requested_by: requester,
    created_at: r.createdAt,
    approved_at: r.approvedAt,
    retired_at: r.retiredAt,
    release_after: r.releaseAfter,
    released_at: r.releasedAt,
    bytes_freed: r.bytesFreed,
    restored_at: r.restoredAt,
    notices_sent: JSON.parse(r.noticesSent) as number[],
  };
}
