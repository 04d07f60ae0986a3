// The value an alert rule compares with its threshold: its aggregation of one deployment's metric
// over the rule's window.
import "server-only";
import { and, asc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { metricPoints, type AlertRuleRow } from "@/db/schema";

// A window's aggregate is computed by SQLite over the index (deployment, metric, time), not by
// reading the window's points into JavaScript: at a few thousand predictions a second a 5-minute
// window holds a million latency points, which took seconds to read and map on every tick (and
// `max` over them overflowed the call stack). Percentiles are nearest-rank, as in the rollups.
const windowStats = preparedQuery((db) =>
  db
    .select({
      n: sql<number>`count(*)`,
      avg: sql<number | null>`avg(${metricPoints.value})`,
      max: sql<number | null>`max(${metricPoints.value})`,
    })
    .from(metricPoints)
    .where(inWindow())
    .prepare(),
);
const nthSmallest = preparedQuery((db) =>
  db
    .select({ v: metricPoints.value })
    .from(metricPoints)
    .where(inWindow())
    .orderBy(asc(metricPoints.value))
    .limit(1)
    .offset(sql.placeholder("offset"))
    .prepare(),
);
function inWindow() {
  return and(
    eq(metricPoints.deploymentId, sql.placeholder("deploymentId")),
    eq(metricPoints.name, sql.placeholder("name")),
    gte(metricPoints.at, sql.placeholder("since")),
  );
}

/** The rule's aggregation of a deployment's metric over the window ending now; null without points. */
export function windowAggregate(
  db: Db,
  deploymentId: number,
  metric: string,
  aggregation: AlertRuleRow["aggregation"],
  windowSeconds: number,
  now = Date.now(),
): number | null {
  const where = {
    deploymentId,
    name: metric,
    since: now - windowSeconds * 1000,
  };
  const stats = windowStats(db).get(where);
  if (!stats || stats.n === 0) return null;
  switch (aggregation) {
    case "avg":
      return stats.avg;
    case "max":
      return stats.max;
    case "rate":
      return stats.n / windowSeconds;
    default: {
      const q = aggregation === "p95" ? 0.95 : 0.99;
      const rank = Math.max(1, Math.ceil(q * stats.n));
      return nthSmallest(db).get({ ...where, offset: rank - 1 })?.v ?? null;
    }
  }
}
