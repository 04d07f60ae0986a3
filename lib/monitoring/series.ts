// Per-deployment time series from the per-minute rollups: the ranges a chart offers, the SQL that
// sums minutes into buckets, and the points a bucket becomes (shared by ./queries.ts's reads).
import "server-only";
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { inJson, preparedQuery } from "@/db/prepared";
import { metricRollups } from "@/db/schema";

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
export type LiveQuality = {
  metric: "live_accuracy" | "live_abs_error";
  evaluation: { metric: string; value: number } | null;
};

/** Per bucket and metric: summed counts and sums, and count-weighted sums of the percentiles. */ const bucketColumns =
  {
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
export const seriesRows = preparedQuery((db) =>
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

/** The same for several deployments at once (the /monitoring list). */ export const seriesRowsOfMany =
  preparedQuery((db) =>
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

export type BucketRow = {
  t: number;
  name: string;
  count: number;
  sum: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
};

export function toPoints(
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
