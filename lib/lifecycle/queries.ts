// Reading transition requests with everything a reviewer needs: policy, gates, reviews, staleness,
// and the evidence next to the current production version.
import "server-only";
import { and, asc, count, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  modelVersions,
  REQUEST_STATUSES,
  transitionRequests,
  type TransitionRequestRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { loadModel, loadVersion } from "@/lib/registry/load";
import { toDto, type RequestDto } from "./request-dto";
import { previousProduction } from "./production";

export function listRequests(
  actor: Actor,
  opts: { status?: string; limit?: number; before?: number } = {},
): RequestDto[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const filters: SQL[] = [];
  if (opts.status) {
    if (!(REQUEST_STATUSES as readonly string[]).includes(opts.status))
      throw new DomainError(
        "invalid",
        "status must be open, applied, rejected or cancelled",
        { fields: { status: ["Unknown status"] } },
      );
    filters.push(
      eq(
        transitionRequests.status,
        opts.status as TransitionRequestRow["status"],
      ),
    );
  }
  if (opts.before) filters.push(lt(transitionRequests.id, opts.before));
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 200);
  const rows = db
    .select()
    .from(transitionRequests)
    .where(and(...filters))
    .orderBy(desc(transitionRequests.id))
    .limit(limit)
    .all();
  return rows.map((r) => toDto(db, r, actor));
}

export function getRequest(actor: Actor, id: number): RequestDto {
  assertCan(actor, "models.read");
  const db = getDb();
  const row = db
    .select()
    .from(transitionRequests)
    .where(eq(transitionRequests.id, id))
    .get();
  if (!row)
    throw new DomainError("not_found", `Transition request #${id} not found`);
  return toDto(db, row, actor);
}

export function versionRequests(
  actor: Actor,
  modelName: string,
  version: string,
): RequestDto[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  return requestsOfVersion(db)
    .all({ versionId: v.id })
    .map((r) => toDto(db, r, actor));
}

// The version page's activity reads it on every view.
const requestsOfVersion = preparedQuery((db) =>
  db
    .select()
    .from(transitionRequests)
    .where(eq(transitionRequests.versionId, sql.placeholder("versionId")))
    .orderBy(desc(transitionRequests.id))
    .prepare(),
);

const openCount = preparedQuery((db) =>
  db
    .select({ n: count() })
    .from(transitionRequests)
    .where(eq(transitionRequests.status, "open"))
    .prepare(),
);

export function openRequestCount(): number {
  return openCount(getDb()).get()?.n ?? 0;
}

/** Open requests to move an alias of the model, oldest first (the alias editor lists them). */
export function openAliasRequests(
  actor: Actor,
  modelName: string,
): { id: number; alias: string; version: number }[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const model = loadModel(db, modelName);
  return db
    .select({
      id: transitionRequests.id,
      alias: transitionRequests.alias,
      version: modelVersions.version,
    })
    .from(transitionRequests)
    .innerJoin(
      modelVersions,
      eq(modelVersions.id, transitionRequests.versionId),
    )
    .where(
      and(
        eq(transitionRequests.modelId, model.id),
        eq(transitionRequests.kind, "alias"),
        eq(transitionRequests.status, "open"),
      ),
    )
    .orderBy(asc(transitionRequests.id))
    .all()
    .map((r) => ({ id: r.id, alias: r.alias ?? "", version: r.version }));
}

/** The version a rollback would put back in production, or null when there is none. */
export function rollbackTarget(actor: Actor, modelName: string): number | null {
  assertCan(actor, "models.read");
  const db = getDb();
  return previousProduction(db, loadModel(db, modelName))?.version ?? null;
}
