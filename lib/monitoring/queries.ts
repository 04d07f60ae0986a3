// Monitoring reads: per-deployment time series from the per-minute rollups, and live summaries.
import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { deployments, registeredModels, versionMetrics } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import {
  getDeployment,
  listDeployments,
  type DeploymentDto,
} from "@/lib/deployments/deployments";
import { psiBand } from "@/lib/drift/stats";
import { parseRange } from "./range";
import {
  RANGES,
  seriesRows,
  seriesRowsOfMany,
  toPoints,
  type BucketRow,
  type LiveQuality,
  type Range,
  type SeriesPoint,
} from "./series";

/**
 * At most ~120 buckets over the range. Percentiles of merged minutes are count-weighted averages of
 * the minutes' percentiles (an approximation; within one minute they are exact).
 */
export function deploymentSeries(
  actor: Actor,
  id: number,
  range: string,
  now = Date.now(),
): {
  deployment: DeploymentDto;
  range: Range;
  points: SeriesPoint[];
  live: LiveQuality;
} {
  assertCan(actor, "monitoring.read");
  const r = parseRange(range);
  const deployment = getDeployment(actor, id);
  return { deployment, ...seriesOfDeployment(actor, deployment, r, now) };
}

/**
 * The series of a deployment the caller has already loaded through `getDeployment` with the same
 * actor (which checked the model-level access): the deployment page shows the deployment at once
 * and streams its charts in, without loading it twice.
 */
export function seriesOfDeployment(
  actor: Actor,
  deployment: DeploymentDto,
  range: string,
  now = Date.now(),
): { range: Range; points: SeriesPoint[]; live: LiveQuality } {
  assertCan(actor, "monitoring.read");
  const r = parseRange(range);
  const id = deployment.id;
  const span = RANGES[r];
  const bucket = Math.max(60_000, Math.ceil(span / 120 / 60_000) * 60_000);
  const start = Math.floor((now - span) / bucket) * bucket;
  // Summed per bucket in SQL: 30 days are 43,200 minutes per metric, too many rows to map in JS.
  const rows = seriesRows(getDb()).all({ id, start, bucket });
  const points = toPoints(rows, start, bucket, now);
  // The model's task and the deployed version's evaluation figure, by the deployment's own keys.
  const db = getDb();
  const target = db
    .select({ task: registeredModels.task, versionId: deployments.versionId })
    .from(deployments)
    .innerJoin(registeredModels, eq(registeredModels.id, deployments.modelId))
    .where(eq(deployments.id, deployment.id))
    .get();
  const regression = target?.task === "regression";
  const evalMetric = regression ? "mae" : "accuracy";
  const evalValue = target
    ? db
        .select({ value: versionMetrics.value })
        .from(versionMetrics)
        .where(
          and(
            eq(versionMetrics.versionId, target.versionId),
            eq(versionMetrics.key, evalMetric),
          ),
        )
        .get()?.value
    : undefined;
  const live: LiveQuality = {
    metric: regression ? "live_abs_error" : "live_accuracy",
    evaluation:
      evalValue === undefined ? null : { metric: evalMetric, value: evalValue },
  };
  return { range: r, points, live };
}

/** A live deployment's last hour: figures plus per-minute series for sparklines (null: no data that minute). */
export type DeploymentHealth = DeploymentDto & {
  requests_1h: number;
  error_rate_1h: number | null;
  p95_1h: number | null;
  live_1h: { metric: LiveQuality["metric"]; value: number | null };
  /** The latest drift snapshot's largest PSI, and its band. */
  drift: {
    psi_max: number | null;
    band: "stable" | "moderate" | "significant" | null;
  };
  sparkline: number[];
  series: {
    error_rate: (number | null)[];
    p95: (number | null)[];
    live: (number | null)[];
    drift: (number | null)[];
  };
};

export function liveDeploymentHealth(
  actor: Actor,
  now = Date.now(),
): DeploymentHealth[] {
  assertCan(actor, "monitoring.read");
  const live = listDeployments(actor, { live: true });
  const span = RANGES["1h"];
  const bucket = 60_000;
  const start = Math.floor((now - span) / bucket) * bucket;
  const rows = seriesRowsOfMany(getDb()).all({
    ids: JSON.stringify(live.map((d) => d.id)),
    start,
    bucket,
  });
  const byDeployment = new Map<number, BucketRow[]>();
  for (const r of rows) {
    const list = byDeployment.get(r.deploymentId);
    if (list) list.push(r);
    else byDeployment.set(r.deploymentId, [r]);
  }
  const names = [...new Set(live.map((d) => d.model))];
  const regressionModels = new Set(
    names.length
      ? getDb()
          .select({ name: registeredModels.name })
          .from(registeredModels)
          .where(
            and(
              inArray(registeredModels.name, names),
              isNull(registeredModels.deletedAt),
              eq(registeredModels.task, "regression"),
            ),
          )
          .all()
          .map((m) => m.name)
      : [],
  );
  return live.map((d) => {
    const s = toPoints(byDeployment.get(d.id) ?? [], start, bucket, now);
    const n = s.reduce((a, p) => a + p.requests, 0);
    const errors = s.reduce((a, p) => a + (p.error_rate ?? 0) * p.requests, 0);
    const p95 = n
      ? s.reduce((a, p) => a + (p.p95 ?? 0) * p.requests, 0) / n
      : null;
    const liveSum = s.reduce((a, p) => a + (p.live ?? 0), 0);
    const liveN = s.filter((p) => p.live !== null).length;
    const drift = s.findLast((p) => p.drift !== null)?.drift ?? null;
    return {
      ...d,
      requests_1h: n,
      error_rate_1h: n ? errors / n : null,
      p95_1h: p95,
      live_1h: {
        metric: regressionModels.has(d.model)
          ? "live_abs_error"
          : "live_accuracy",
        value: liveN ? liveSum / liveN : null,
      },
      drift: { psi_max: drift, band: drift === null ? null : psiBand(drift) },
      sparkline: s.map((p) => p.requests),
      series: {
        error_rate: s.map((p) => p.error_rate),
        p95: s.map((p) => p.p95),
        live: s.map((p) => p.live),
        drift: s.map((p) => p.drift),
      },
    };
  });
}
