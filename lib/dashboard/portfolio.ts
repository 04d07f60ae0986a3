// Who owns what: models by team and by owner, the requests waiting longest, and the team values
// the filter offers.
import "server-only";
import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  modelTags,
  modelVersions,
  registeredModels as m,
  transitionRequests,
  user,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { modelScope, type DashboardFilters } from "./filters";

export type Breakdown = { label: string; models: number }[];

/** Models per team tag and per owner (top 12 each, the rest summed as "others"). */
export function breakdowns(
  actor: Actor,
  f: DashboardFilters,
): { by_team: Breakdown; by_owner: Breakdown } {
  assertCan(actor, "dashboard.read");
  const db = getDb();
  const where = modelScope(db, f);
  const total = db.select({ n: count() }).from(m).where(where).get()?.n ?? 0;
  const teams = db
    .select({ label: modelTags.value, models: count() })
    .from(modelTags)
    .innerJoin(m, eq(m.id, modelTags.modelId))
    .where(and(where, eq(modelTags.key, "team")))
    .groupBy(modelTags.value)
    .orderBy(desc(count()), asc(modelTags.value))
    .all();
  const owners = db
    .select({
      label: sql<string>`coalesce(${user.name}, '(no owner)')`,
      models: count(),
    })
    .from(m)
    .leftJoin(user, eq(user.id, m.ownerId))
    .where(where)
    .groupBy(m.ownerId)
    .orderBy(desc(count()))
    .all();
  const tagged = teams.reduce((a, t) => a + t.models, 0);
  return {
    by_team: top([
      ...teams,
      ...(total > tagged
        ? [{ label: "(no team tag)", models: total - tagged }]
        : []),
    ]),
    by_owner: top(owners),
  };
}

export type WaitingRequest = {
  id: number;
  model: string;
  version: number | null;
  to_stage: string;
  kind: string;
  created_at: number;
  requested_by: string | null;
  waiting_ms: number;
};

/** Open requests, oldest first. */
export function waitingLongest(
  actor: Actor,
  f: DashboardFilters,
  limit = 5,
  now = Date.now(),
): WaitingRequest[] {
  assertCan(actor, "dashboard.read");
  const db = getDb();
  return db
    .select({
      id: transitionRequests.id,
      model: m.name,
      version: modelVersions.version,
      to_stage: transitionRequests.toStage,
      kind: transitionRequests.kind,
      created_at: transitionRequests.createdAt,
      requested_by: user.name,
    })
    .from(transitionRequests)
    .innerJoin(m, eq(m.id, transitionRequests.modelId))
    .leftJoin(modelVersions, eq(modelVersions.id, transitionRequests.versionId))
    .leftJoin(user, eq(user.id, transitionRequests.requestedBy))
    .where(and(modelScope(db, f), eq(transitionRequests.status, "open")))
    .orderBy(asc(transitionRequests.createdAt))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, waiting_ms: now - r.created_at }));
}

function top(list: Breakdown, n = 12): Breakdown {
  if (list.length <= n) return list;
  const rest = list.slice(n - 1).reduce((a, x) => a + x.models, 0);
  return [...list.slice(0, n - 1), { label: "others", models: rest }];
}

/** The values of the `team` tag, for the filter. */
export function teamValues(actor: Actor): string[] {
  assertCan(actor, "dashboard.read");
  return getDb()
    .selectDistinct({ value: modelTags.value })
    .from(modelTags)
    .innerJoin(m, eq(m.id, modelTags.modelId))
    .where(and(eq(modelTags.key, "team"), isNull(m.deletedAt)))
    .orderBy(asc(modelTags.value))
    .limit(500)
    .all()
    .map((r) => r.value);
}
