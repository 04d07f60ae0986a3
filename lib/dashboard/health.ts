// Production health: each production version's deployments, latency, errors, live accuracy and
// drift, with the status and the reason shown on the dashboard.
import "server-only";
import {
  and,
  asc,
  count,
  eq,
  gte,
  inArray,
  isNull,
  max,
  notExists,
  sql,
} from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { inValues } from "@/db/prepared";
import {
  alertRules,
  alerts,
  deployments,
  metricRollups,
  modelVersions,
  registeredModels as m,
  user,
  versionMetrics,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DAY, modelIn, type DashboardFilters } from "./filters";
import { judgeHealth, type HealthLevel } from "./health-rule";

export type ProductionHealth = {
  model: string;
  version: number;
  owner: string | null;
  health: HealthLevel;
  reasons: string[];
  live: {
    metric: "accuracy" | "abs_error";
    value: number | null;
    evaluation: number | null;
  };
  promoted_at: number | null;
};

/**
 * Models with a production version, worst first (red, amber, green; by name within each), judged
 * by ./health-rule.ts. Live quality is the last 7 days of feedback against the version's
 * evaluation figure.
 */
export function productionHealth(
  actor: Actor,
  f: DashboardFilters,
  now = Date.now(),
  limit = 50,
): { items: ProductionHealth[]; total: number } {
  assertCan(actor, "dashboard.read");
  const db = getDb();
  const inScope = and(
    modelIn(db, f, modelVersions.modelId),
    eq(modelVersions.stage, "production"),
    isNull(modelVersions.deletedAt),
  );
  const total =
    db.select({ n: count() }).from(modelVersions).where(inScope).get()?.n ?? 0;
  if (total === 0) return { items: [], total: 0 };
  // Only a version with a live deployment has alerts, drift or live figures to judge; one without
  // is amber by the rule whatever else is true. So: judge the deployed ones, then add the first
  // undeployed ones by name, never every production version of a large registry.
  const deployed = [
    ...new Set(
      db
        .select({ versionId: deployments.versionId })
        .from(deployments)
        .innerJoin(modelVersions, eq(modelVersions.id, deployments.versionId))
        .where(and(eq(deployments.status, "live"), inScope))
        .all()
        .map((d) => d.versionId),
    ),
  ];
  const judged = healthOf(db, deployed, now);
  const byName = (a: ProductionHealth, b: ProductionHealth) =>
    a.model.localeCompare(b.model) || a.version - b.version;
  const of = (level: ProductionHealth["health"]) =>
    judged.filter((h) => h.health === level).sort(byName);
  const red = of("red");
  if (red.length >= limit) return { items: red.slice(0, limit), total };
  const undeployed = db
    .select({ id: modelVersions.id })
    .from(modelVersions)
    .innerJoin(m, eq(m.id, modelVersions.modelId))
    .where(
      and(
        inScope,
        notExists(
          db
            .select({ id: deployments.id })
            .from(deployments)
            .where(
              and(
                eq(deployments.versionId, modelVersions.id),
                eq(deployments.status, "live"),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(m.name), asc(modelVersions.version))
    .limit(limit - red.length)
    .all()
    .map((r) => r.id);
  const amber = [...of("amber"), ...healthOf(db, undeployed, now)].sort(byName);
  return { items: [...red, ...amber, ...of("green")].slice(0, limit), total };
}

/** Health of the given production versions (see productionHealth). */
function healthOf(
  db: Db,
  versionIds: number[],
  now: number,
): ProductionHealth[] {
  if (versionIds.length === 0) return [];
  const rows = db
    .select({
      modelId: m.id,
      model: m.name,
      task: m.task,
      owner: user.name,
      versionId: modelVersions.id,
      version: modelVersions.version,
      promotedAt: modelVersions.stageChangedAt,
    })
    .from(modelVersions)
    .innerJoin(m, eq(m.id, modelVersions.modelId))
    .leftJoin(user, eq(user.id, m.ownerId))
    .where(inValues(modelVersions.id, versionIds))
    .all();
  const deps = db
    .select({ id: deployments.id, versionId: deployments.versionId })
    .from(deployments)
    .where(
      and(
        inValues(deployments.versionId, versionIds),
        eq(deployments.status, "live"),
      ),
    )
    .all();
  const depIds = deps.map((d) => d.id);
  const alertRows = depIds.length
    ? db
        .select({
          deploymentId: alerts.deploymentId,
          state: alerts.state,
          name: alertRules.name,
        })
        .from(alerts)
        .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
        .where(
          and(
            inValues(alerts.deploymentId, depIds),
            inArray(alerts.state, ["firing", "pending", "no_data"]),
          ),
        )
        .all()
    : [];
  const driftRows = depIds.length
    ? db
        .select({
          deploymentId: metricRollups.deploymentId,
          psi: max(metricRollups.max),
        })
        .from(metricRollups)
        .where(
          and(
            inValues(metricRollups.deploymentId, depIds),
            eq(metricRollups.name, "drift.psi_max"),
            gte(metricRollups.minute, now - 3_600_000),
          ),
        )
        .groupBy(metricRollups.deploymentId)
        .all()
    : [];
  const liveRows = depIds.length
    ? db
        .select({
          deploymentId: metricRollups.deploymentId,
          name: metricRollups.name,
          sum: sql<number>`sum(${metricRollups.sum})`,
          n: sql<number>`sum(${metricRollups.count})`,
        })
        .from(metricRollups)
        .where(
          and(
            inValues(metricRollups.deploymentId, depIds),
            inArray(metricRollups.name, [
              "live_accuracy",
              "live_abs_error",
              "latency_ms",
            ]),
            gte(metricRollups.minute, now - 7 * DAY),
          ),
        )
        .groupBy(metricRollups.deploymentId, metricRollups.name)
        .all()
    : [];
  const evals = db
    .select({
      versionId: versionMetrics.versionId,
      key: versionMetrics.key,
      value: versionMetrics.value,
    })
    .from(versionMetrics)
    .where(
      and(
        inValues(versionMetrics.versionId, versionIds),
        inArray(versionMetrics.key, ["accuracy", "mae"]),
      ),
    )
    .all();
  const group = <T, K>(list: T[], key: (x: T) => K) => {
    const map = new Map<K, T[]>();
    for (const x of list) {
      const k = key(x);
      const bucket = map.get(k);
      if (bucket) bucket.push(x);
      else map.set(k, [x]);
    }
    return map;
  };
  const depsOf = group(deps, (d) => d.versionId);
  const alertsOf = group(alertRows, (a) => a.deploymentId);
  const driftOf = new Map(driftRows.map((d) => [d.deploymentId, d.psi ?? -1]));
  const liveOf = group(liveRows, (l) => `${l.deploymentId}:${l.name}`);
  const evalOf = new Map(
    evals.map((e) => [`${e.versionId}:${e.key}`, e.value]),
  );
  const items = rows.map((r): ProductionHealth => {
    const mine = (depsOf.get(r.versionId) ?? []).map((d) => d.id);
    const sumOf = (name: string) =>
      mine
        .flatMap((id) => liveOf.get(`${id}:${name}`) ?? [])
        .reduce((a, x) => ({ sum: a.sum + x.sum, n: a.n + x.n }), {
          sum: 0,
          n: 0,
        });
    const psi = Math.max(-1, ...mine.map((id) => driftOf.get(id) ?? -1));
    const regression = r.task === "regression";
    const live = sumOf(regression ? "live_abs_error" : "live_accuracy");
    const evaluation =
      evalOf.get(`${r.versionId}:${regression ? "mae" : "accuracy"}`) ?? null;
    const { health, reasons } = judgeHealth({
      deployments: mine.length,
      alerts: mine.flatMap((id) => alertsOf.get(id) ?? []),
      psi: psi < 0 ? null : psi,
      // Every request served records one latency (lib/serving/serving.ts).
      requests: sumOf("latency_ms").n,
      feedback: live.n,
      days: 7,
    });
    return {
      model: r.model,
      version: r.version,
      owner: r.owner,
      health,
      reasons,
      live: {
        metric: regression ? "abs_error" : "accuracy",
        value: live.n ? live.sum / live.n : null,
        evaluation,
      },
      promoted_at: r.promotedAt,
    };
  });
  return items;
}
