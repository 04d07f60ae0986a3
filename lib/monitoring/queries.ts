// Monitoring reads: per-deployment time series from the per-minute rollups, and live summaries.
import "server-only";
import { and, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { inJson, preparedQuery } from "@/db/prepared";
import {
  deployments,
  metricRollups,
  registeredModels,
  versionMetrics,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import {
  getDeployment,
  listDeployments,
  type DeploymentDto,
} from "@/lib/deployments/deployments";
import { psiBand } from "@/lib/drift/stats";
import { DomainError } from "@/lib/errors";

export const RANGES = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
} as const;
export type Range = keyof typeof RANGES;

/** `drift`: the largest feature PSI of the snapshots in the bucket (see lib/drift/snapshot.ts). */
export type SeriesPoint = {
  t: number;
  requests: number;
  per_minute: number;
  error_rate: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  live: number | null;
  drift: number | null;
};

/**
 * At most ~120 buckets over the range. Percentiles of merged minutes are count-weighted averages of
 * the minutes' percentiles (an approximation; within one minute they are exact).
 */
export type LiveQuality = {
  metric: "live_accuracy" | "live_abs_error";
  evaluation: { metric: string; value: number } | null;
};

/** Per bucket and metric: summed counts and sums, and count-weighted sums of the percentiles. */
const bucketColumns = {
  // better-sqlite3 binds JS numbers as REAL: cast, or the division would not truncate.
  t: sql<number>`(${metricRollups.minute} / cast(${sql.placeholder("bucket")} as integer)) * cast(${sql.placeholder("bucket")} as integer)`.as(
    "t",
  ),
  name: metricRollups.name,
  count: sql<number>`sum(${metricRollups.count})`,
  sum: sql<number>`sum(${metricRollups.sum})`,
  p50: sql<number>`sum(coalesce(${metricRollups.p50}, 0) * ${metricRollups.count})`,
  p95: sql<number>`sum(coalesce(${metricRollups.p95}, 0) * ${metricRollups.count})`,
  p99: sql<number>`sum(coalesce(${metricRollups.p99}, 0) * ${metricRollups.count})`,
  max: sql<number>`max(${metricRollups.max})`,
};
const SERIES_METRICS = [
  "latency_ms",
  "error",
  "live_accuracy",
  "live_abs_error",
  "drift.psi_max",
];
const seriesRows = preparedQuery((db) =>
  db
    .select(bucketColumns)
    .from(metricRollups)
    .where(
      and(
        eq(metricRollups.deploymentId, sql.placeholder("id")),
        inArray(metricRollups.name, SERIES_METRICS),
        gte(metricRollups.minute, sql.placeholder("start")),
      ),
    )
    .groupBy(sql`t`, metricRollups.name)
    .prepare(),
);
/** The same for several deployments at once (the /monitoring list). */
const seriesRowsOfMany = preparedQuery((db) =>
  db
    .select({ deploymentId: metricRollups.deploymentId, ...bucketColumns })
    .from(metricRollups)
    .where(
      and(
        inJson(metricRollups.deploymentId, "ids"),
        inArray(metricRollups.name, SERIES_METRICS),
        gte(metricRollups.minute, sql.placeholder("start")),
      ),
    )
    .groupBy(metricRollups.deploymentId, sql`t`, metricRollups.name)
    .prepare(),
);

type BucketRow = {
  t: number;
  name: string;
  count: number;
  sum: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
};

function toPoints(
  rows: BucketRow[],
  start: number,
  bucket: number,
  now: number,
): SeriesPoint[] {
  const buckets = new Map<
    number,
    {
      n: number;
      errors: number;
      p50: number;
      p95: number;
      p99: number;
      liveSum: number;
      liveN: number;
      drift: number | null;
    }
  >();
  for (let t = start; t <= now; t += bucket)
    buckets.set(t, {
      n: 0,
      errors: 0,
      p50: 0,
      p95: 0,
      p99: 0,
      liveSum: 0,
      liveN: 0,
      drift: null,
    });
  for (const row of rows) {
    const b = buckets.get(row.t);
    if (!b) continue;
    if (row.name === "error") b.errors += row.sum;
    else if (row.name === "drift.psi_max") b.drift = row.max;
    else if (row.name.startsWith("live_")) {
      b.liveSum += row.sum;
      b.liveN += row.count;
    } else {
      b.n += row.count;
      b.p50 += row.p50;
      b.p95 += row.p95;
      b.p99 += row.p99;
    }
  }
  return [...buckets.entries()].map(([t, b]) => ({
    t,
    requests: b.n,
    per_minute: b.n / (bucket / 60_000),
    error_rate: b.n ? b.errors / b.n : null,
    p50: b.n ? b.p50 / b.n : null,
    p95: b.n ? b.p95 / b.n : null,
    p99: b.n ? b.p99 / b.n : null,
    live: b.liveN ? b.liveSum / b.liveN : null,
    drift: b.drift,
  }));
}

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
  if (!(range in RANGES))
    throw new DomainError(
      "invalid",
      `range must be one of ${Object.keys(RANGES).join(", ")}`,
      { fields: { range: ["Unknown range"] } },
    );
  const r = range as Range;
  const deployment = getDeployment(actor, id);
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
  return { deployment, range: r, points, live };
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
