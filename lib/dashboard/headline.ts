// The dashboard's headline figures now: models by status and stage, open requests, alerts.
import "server-only";
import { and, count, countDistinct, eq, isNull, lte, min } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  alerts,
  deployments,
  modelVersions,
  registeredModels as m,
  retirements,
  transitionRequests,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DAY, modelIn, modelScope, type DashboardFilters } from "./filters";

export type Headline = {
  models_by_status: Record<"active" | "deprecated" | "retired", number>;
  versions_by_stage: Record<
    "none" | "staging" | "production" | "archived" | "retired",
    number
  >;
  models_in_production: number;
  open_requests: number;
  oldest_open_request_at: number | null;
  /** How long the oldest open request has waited, in ms. */
  oldest_open_request_age_ms: number | null;
  alerts_firing: number;
  retirements_due_30d: number;
};

export function headline(
  actor: Actor,
  f: DashboardFilters,
  now = Date.now(),
): Headline {
  assertCan(actor, "dashboard.read");
  const db = getDb();
  const where = modelScope(db, f);
  const byStatus = { active: 0, deprecated: 0, retired: 0 };
  for (const r of db
    .select({ status: m.status, n: count() })
    .from(m)
    .where(where)
    .groupBy(m.status)
    .all())
    byStatus[r.status] = r.n;
  const byStage = {
    none: 0,
    staging: 0,
    production: 0,
    archived: 0,
    retired: 0,
  };
  for (const r of db
    .select({ stage: modelVersions.stage, n: count() })
    .from(modelVersions)
    .where(
      and(
        modelIn(db, f, modelVersions.modelId),
        isNull(modelVersions.deletedAt),
      ),
    )
    .groupBy(modelVersions.stage)
    .all())
    byStage[r.stage] = r.n;
  const inProduction =
    db
      .select({ n: countDistinct(modelVersions.modelId) })
      .from(modelVersions)
      .where(
        and(
          modelIn(db, f, modelVersions.modelId),
          eq(modelVersions.stage, "production"),
          isNull(modelVersions.deletedAt),
        ),
      )
      .get()?.n ?? 0;
  const open = db
    .select({ n: count(), oldest: min(transitionRequests.createdAt) })
    .from(transitionRequests)
    .innerJoin(m, eq(m.id, transitionRequests.modelId))
    .where(and(where, eq(transitionRequests.status, "open")))
    .get();
  const firing =
    db
      .select({ n: count() })
      .from(alerts)
      .innerJoin(deployments, eq(deployments.id, alerts.deploymentId))
      .innerJoin(m, eq(m.id, deployments.modelId))
      .where(and(where, eq(alerts.state, "firing")))
      .get()?.n ?? 0;
  const due =
    db
      .select({ n: count() })
      .from(retirements)
      .innerJoin(m, eq(m.id, retirements.modelId))
      .where(
        and(
          where,
          eq(retirements.status, "scheduled"),
          lte(retirements.sunsetAt, now + 30 * DAY),
        ),
      )
      .get()?.n ?? 0;
  return {
    models_by_status: byStatus,
    versions_by_stage: byStage,
    models_in_production: inProduction,
    open_requests: open?.n ?? 0,
    oldest_open_request_at: open?.oldest ?? null,
    oldest_open_request_age_ms: open?.oldest ? now - open.oldest : null,
    alerts_firing: firing,
    retirements_due_30d: due,
  };
}
