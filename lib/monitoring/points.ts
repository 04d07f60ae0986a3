// Writing monitoring points with their per-minute rollups (the recorder's flush and the CLI's
// ingest both come here), and dropping raw points past the retention period.
import "server-only";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { metricPointInserter } from "@/db/hot-writes";
import { preparedQuery } from "@/db/prepared";
import { metricPoints, metricRollups, predictions } from "@/db/schema";
import { addValues, decodeSummary, encodeSummary } from "./sketch";

export type Point = {
  deploymentId: number;
  name: string;
  at: number;
  value: number;
};

/**
 * Rollups are additive, so any number of processes (workers, the CLI's ingest) can write the same
 * minute: each flush merges its values into the stored row inside its one immediate transaction,
 * which holds SQLite's write lock from the start, so no other writer can come between the read
 * and the write (on PostgreSQL this would be SELECT ... FOR UPDATE). Count and sum are added,
 * min and max combined, and the minute's DDSketch (percentiles within 1% relative error, constant
 * size per value range) is read from its stored bytes, fed this batch's values and stored again.
 * Nothing about a minute is kept in memory between flushes, so N processes give exactly the
 * totals one would.
 *
 * A minute of up to EXACT_VALUES values keeps the values themselves in that column (exact
 * nearest-rank percentiles, at most 8 KB read and written per flush); past that a sketch, which a
 * busy minute reaches within its first flush. A row written before the column existed (or whose
 * summary cannot be read) is rebuilt once from the minute's raw points, the source of truth.
 */
export const EXACT_VALUES = 1_000;

const pointsOfMinute = preparedQuery((db) =>
  db
    .select({ v: metricPoints.value })
    .from(metricPoints)
    .where(
      and(
        eq(metricPoints.deploymentId, sql.placeholder("deploymentId")),
        eq(metricPoints.name, sql.placeholder("name")),
        gte(metricPoints.at, sql.placeholder("from")),
        lt(metricPoints.at, sql.placeholder("to")),
      ),
    )
    .prepare(),
);

const storedRollup = preparedQuery((db) =>
  db
    .select({
      count: metricRollups.count,
      sum: metricRollups.sum,
      min: metricRollups.min,
      max: metricRollups.max,
      sketch: metricRollups.sketch,
    })
    .from(metricRollups)
    .where(
      and(
        eq(metricRollups.deploymentId, sql.placeholder("deploymentId")),
        eq(metricRollups.name, sql.placeholder("name")),
        eq(metricRollups.minute, sql.placeholder("minute")),
      ),
    )
    .prepare(),
);

const upsertRollup = preparedQuery((db) =>
  db
    .insert(metricRollups)
    .values({
      deploymentId: sql.placeholder("deploymentId"),
      name: sql.placeholder("name"),
      minute: sql.placeholder("minute"),
      count: sql.placeholder("count"),
      sum: sql.placeholder("sum"),
      min: sql.placeholder("min"),
      max: sql.placeholder("max"),
      p50: sql.placeholder("p50"),
      p95: sql.placeholder("p95"),
      p99: sql.placeholder("p99"),
      sketch: sql.placeholder("sketch"),
    })
    .onConflictDoUpdate({
      target: [
        metricRollups.deploymentId,
        metricRollups.name,
        metricRollups.minute,
      ],
      set: {
        count: sql`excluded.count`,
        sum: sql`excluded.sum`,
        min: sql`excluded.min`,
        max: sql`excluded.max`,
        p50: sql`excluded.p50`,
        p95: sql`excluded.p95`,
        p99: sql`excluded.p99`,
        sketch: sql`excluded.sketch`,
      },
    })
    .prepare(),
);

type Touched = {
  deploymentId: number;
  name: string;
  minute: number;
  values: number[];
};

export function writePoints(points: Point[]): void {
  if (points.length === 0) return;
  // This batch's values per (deployment, metric, minute): built and dropped within the call.
  const touched = new Map<string, Touched>();
  for (const p of points) {
    const minute = Math.floor(p.at / 60_000) * 60_000;
    const key = `${p.deploymentId}|${p.name}|${minute}`;
    const t = touched.get(key);
    if (t) t.values.push(p.value);
    else
      touched.set(key, {
        deploymentId: p.deploymentId,
        name: p.name,
        minute,
        values: [p.value],
      });
  }
  const db = getDb();
  db.transaction(
    () => {
      const insert = metricPointInserter();
      for (const p of points) insert(p.deploymentId, p.name, p.at, p.value);
      for (const t of touched.values()) mergeMinute(db, t);
    },
    { behavior: "immediate" },
  );
}

/** Folds one batch of a minute into its stored rollup (this batch's raw points are already inserted). */
function mergeMinute(db: Db, t: Touched): void {
  const where = {
    deploymentId: t.deploymentId,
    name: t.name,
    minute: t.minute,
  };
  const row = storedRollup(db).get(where);
  const stored = row?.sketch ? decodeSummary(row.sketch) : null;
  // No usable summary of an existing row: the raw points of the minute (this batch included) are the whole minute.
  const values =
    row && !stored
      ? Array.from(
          pointsOfMinute(db).all({
            deploymentId: t.deploymentId,
            name: t.name,
            from: t.minute,
            to: t.minute + 60_000,
          }),
          (r) => r.v,
        )
      : t.values;
  const base =
    row && stored ? row : { count: 0, sum: 0, min: Infinity, max: -Infinity };
  let { sum, min, max } = base;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const count = base.count + values.length;
  const summary = addValues(stored, values, EXACT_VALUES);
  const pct = (q: number): number => {
    if (summary.exact) return quantile(summary.exact, q);
    // A sketch's answer lies within 1% of the true value; keep it inside the exact min and max.
    return Math.min(max, Math.max(min, summary.sketch.getValueAtQuantile(q)));
  };
  upsertRollup(db).run({
    ...where,
    count,
    sum,
    min,
    max,
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    sketch: encodeSummary(summary),
  });
}

/** Nearest-rank quantile of sorted values. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

/** How long raw points are kept (STAGELINE_METRIC_RETENTION_DAYS, default 7). */
export function retentionMs(): number {
  const days = Number(process.env.STAGELINE_METRIC_RETENTION_DAYS ?? 7);
  return (Number.isFinite(days) && days > 0 ? days : 7) * 86_400_000;
}

/** Drops raw points older than the retention period (rollups stay). Returns how many were removed. */
export function dropOldPoints(now = Date.now()): number {
  const cutoff = now - retentionMs();
  getDb().delete(predictions).where(lt(predictions.at, cutoff)).run();
  return getDb().delete(metricPoints).where(lt(metricPoints.at, cutoff)).run()
    .changes;
}
