// Buffers monitoring points in memory and writes them, with their per-minute rollups, once a second
// in one transaction. A crash can lose at most the last second of points (see README).
import "server-only";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { DDSketch } from "@datadog/sketches-js";
import { getDb, type Db } from "@/db/client";
import { metricPointInserter } from "@/db/hot-writes";
import { preparedQuery } from "@/db/prepared";
import { metricPoints, metricRollups, predictions } from "@/db/schema";

type Point = { deploymentId: number; name: string; at: number; value: number };
type Kept = { id: string; deploymentId: number; value: number; at: number; key: string | null };

const g = globalThis as unknown as { __stagelineRecorder?: { buffer: Point[]; kept: Kept[]; timer: NodeJS.Timeout | null } };
const state = (g.__stagelineRecorder ??= { buffer: [], kept: [], timer: null });
state.kept ??= [];

export function record(deploymentId: number, name: string, value: number, at = Date.now()): void {
  state.buffer.push({ deploymentId, name, at, value });
  schedule();
}

/** Served predictions, kept for matching feedback; written with the next flush (within a second). */
export function keepPrediction(id: string, deploymentId: number, value: number, at = Date.now(), key: string | null = null): void {
  state.kept.push({ id, deploymentId, value, at, key });
  schedule();
}

function schedule(): void {
  if (!state.timer) {
    state.timer = setTimeout(() => {
      state.timer = null;
      try {
        flush();
      } catch (error) {
        console.error("[stageline] monitoring flush failed", error);
      }
    }, 1000);
    state.timer.unref();
  }
}

/** Writes buffered points and refreshes the rollups of every minute they touch. */
export function flush(): number {
  const points = state.buffer.splice(0);
  const kept = state.kept.splice(0);
  if (kept.length) {
    const db = getDb();
    db.transaction(
      () => {
        const insert = insertPrediction(db);
        for (const k of kept) insert.run(k);
      },
      { behavior: "immediate" },
    );
  }
  if (points.length === 0) return 0;
  writePoints(points);
  return points.length;
}

/**
 * Rollups are kept per (deployment, metric, minute) in memory, so a write folds its new values in
 * and upserts the rollup row, instead of re-reading the whole minute of raw points on every flush
 * (which grew with traffic and stalled requests for the length of each flush). A minute holds its
 * values sorted (exact nearest-rank percentiles) up to EXACT_VALUES; past that it switches to a
 * DDSketch (percentiles within 1% relative error, constant memory and cost per value), so a busy
 * minute does not copy ever larger arrays on every write. Count, sum, min and max stay exact. A
 * minute not in memory (first touch, after a restart or eviction) is loaded once from the raw
 * points, which stay the source of truth.
 */
type Minute = { values: Float64Array | null; sketch: DDSketch | null; count: number; sum: number; min: number; max: number };
const minutes = ((g as unknown as { __stagelineMinutes?: Map<string, Minute> }).__stagelineMinutes ??= new Map<string, Minute>());
const MINUTES_KEPT = 5_000;
export const EXACT_VALUES = 10_000;

const insertPrediction = preparedQuery((db) =>
  db
    .insert(predictions)
    .values({ id: sql.placeholder("id"), deploymentId: sql.placeholder("deploymentId"), value: sql.placeholder("value"), at: sql.placeholder("at"), key: sql.placeholder("key") })
    .prepare(),
);
const pointsOfMinute = preparedQuery((db) =>
  db
    .select({ v: metricPoints.value })
    .from(metricPoints)
    .where(and(eq(metricPoints.deploymentId, sql.placeholder("deploymentId")), eq(metricPoints.name, sql.placeholder("name")), gte(metricPoints.at, sql.placeholder("from")), lt(metricPoints.at, sql.placeholder("to"))))
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
    })
    .onConflictDoUpdate({
      target: [metricRollups.deploymentId, metricRollups.name, metricRollups.minute],
      set: { count: sql`excluded.count`, sum: sql`excluded.sum`, min: sql`excluded.min`, max: sql`excluded.max`, p50: sql`excluded.p50`, p95: sql`excluded.p95`, p99: sql`excluded.p99` },
    })
    .prepare(),
);

export function writePoints(points: Point[]): void {
  if (points.length === 0) return;
  const touched = new Map<string, { deploymentId: number; name: string; minute: number; values: number[] }>();
  for (const p of points) {
    const minute = Math.floor(p.at / 60_000) * 60_000;
    const key = `${p.deploymentId}|${p.name}|${minute}`;
    const t = touched.get(key);
    if (t) t.values.push(p.value);
    else touched.set(key, { deploymentId: p.deploymentId, name: p.name, minute, values: [p.value] });
  }
  const updated = new Map<string, Minute>();
  const db = getDb();
  db.transaction(
    () => {
      // Minutes not in memory are loaded before this batch's points are inserted (no double count).
      const before = new Map<string, Minute>();
      for (const [key, t] of touched) {
        before.set(key, minutes.get(key) ?? loadMinute(db, t.deploymentId, t.name, t.minute));
      }
      const insert = metricPointInserter();
      for (const p of points) insert(p.deploymentId, p.name, p.at, p.value);
      for (const [key, t] of touched) {
        const m = merge(before.get(key) as Minute, t.values);
        updated.set(key, m);
        upsertRollup(db).run({ deploymentId: t.deploymentId, name: t.name, minute: t.minute, count: m.count, sum: m.sum, min: m.min, max: m.max, p50: pct(m, 0.5), p95: pct(m, 0.95), p99: pct(m, 0.99) });
      }
    },
    { behavior: "immediate" },
  );
  // Only after the commit: a failed write leaves memory as the database is.
  for (const [key, m] of updated) {
    minutes.delete(key);
    minutes.set(key, m);
  }
  while (minutes.size > MINUTES_KEPT) minutes.delete(minutes.keys().next().value as string);
}

function loadMinute(db: Db, deploymentId: number, name: string, minute: number): Minute {
  const values = Float64Array.from(pointsOfMinute(db).all({ deploymentId, name, from: minute, to: minute + 60_000 }), (r) => r.v).sort();
  const exact: Minute = { values, sketch: null, count: values.length, sum: values.reduce((a, b) => a + b, 0), min: values[0] ?? Infinity, max: values[values.length - 1] ?? -Infinity };
  return values.length > EXACT_VALUES ? toSketch(exact) : exact;
}

function toSketch(m: Minute): Minute {
  const sketch = new DDSketch({ relativeAccuracy: 0.01 });
  for (const v of m.values ?? []) sketch.accept(v);
  return { ...m, values: null, sketch };
}

/** The minute with `added` folded in (the old minute is left untouched until the commit). */
function merge(m: Minute, added: number[]): Minute {
  const sum = m.sum + added.reduce((a, b) => a + b, 0);
  const min = Math.min(m.min, ...added);
  const max = Math.max(m.max, ...added);
  const count = m.count + added.length;
  if (m.values && count <= EXACT_VALUES) {
    const extra = Float64Array.from(added).sort();
    const out = new Float64Array(count);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < m.values.length && j < extra.length) out[k++] = (m.values[i] as number) <= (extra[j] as number) ? (m.values[i++] as number) : (extra[j++] as number);
    while (i < m.values.length) out[k++] = m.values[i++] as number;
    while (j < extra.length) out[k++] = extra[j++] as number;
    return { values: out, sketch: null, count, sum, min, max };
  }
  // Past EXACT_VALUES: a sketch, copied so a failed transaction leaves the old minute intact.
  const base = m.sketch ? cloneSketch(m.sketch) : (toSketch(m).sketch as DDSketch);
  for (const v of added) base.accept(v);
  return { values: null, sketch: base, count, sum, min, max };
}

function cloneSketch(s: DDSketch): DDSketch {
  const copy = new DDSketch({ relativeAccuracy: 0.01 });
  copy.merge(s);
  return copy;
}

function pct(m: Minute, q: number): number {
  if (m.values) return quantile(m.values, q);
  // A sketch's answer lies within 1% of the true value; keep it inside the exact min and max.
  return Math.min(m.max, Math.max(m.min, (m.sketch as DDSketch).getValueAtQuantile(q)));
}

/** Forgets the in-memory minutes (tests; the database stays the source of truth). */
export function forgetMinutes(): void {
  minutes.clear();
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
  return getDb().delete(metricPoints).where(lt(metricPoints.at, cutoff)).run().changes;
}
