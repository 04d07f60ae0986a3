// Buffers monitoring points in memory and writes them, with their per-minute rollups, once a second
// in one transaction. A crash can lose at most the last second of points (see README).
import "server-only";
import { and, eq, gte, lt } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { metricPoints, metricRollups, predictions } from "@/db/schema";

type Point = { deploymentId: number; name: string; at: number; value: number };
type Kept = { id: string; deploymentId: number; value: number; at: number };

const g = globalThis as unknown as { __stagelineRecorder?: { buffer: Point[]; kept: Kept[]; timer: NodeJS.Timeout | null } };
const state = (g.__stagelineRecorder ??= { buffer: [], kept: [], timer: null });
state.kept ??= [];

export function record(deploymentId: number, name: string, value: number, at = Date.now()): void {
  state.buffer.push({ deploymentId, name, at, value });
  schedule();
}

/** Served predictions, kept for matching feedback; written with the next flush (within a second). */
export function keepPrediction(id: string, deploymentId: number, value: number, at = Date.now()): void {
  state.kept.push({ id, deploymentId, value, at });
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
    getDb().transaction(
      (tx) => {
        for (let i = 0; i < kept.length; i += 500) tx.insert(predictions).values(kept.slice(i, i + 500)).run();
      },
      { behavior: "immediate" },
    );
  }
  if (points.length === 0) return 0;
  writePoints(points);
  return points.length;
}

export function writePoints(points: Point[]): void {
  getDb().transaction(
    (tx) => {
      for (let i = 0; i < points.length; i += 500) tx.insert(metricPoints).values(points.slice(i, i + 500)).run();
      const minutes = new Map<string, { deploymentId: number; name: string; minute: number }>();
      for (const p of points) {
        const minute = Math.floor(p.at / 60_000) * 60_000;
        minutes.set(`${p.deploymentId}|${p.name}|${minute}`, { deploymentId: p.deploymentId, name: p.name, minute });
      }
      for (const m of minutes.values()) rollUp(tx, m.deploymentId, m.name, m.minute);
    },
    { behavior: "immediate" },
  );
}

function rollUp(tx: Tx, deploymentId: number, name: string, minute: number): void {
  const values = tx
    .select({ v: metricPoints.value })
    .from(metricPoints)
    .where(and(eq(metricPoints.deploymentId, deploymentId), eq(metricPoints.name, name), gte(metricPoints.at, minute), lt(metricPoints.at, minute + 60_000)))
    .all()
    .map((r) => r.v)
    .sort((a, b) => a - b);
  if (values.length === 0) return;
  const row = {
    count: values.length,
    sum: values.reduce((a, b) => a + b, 0),
    min: values[0] as number,
    max: values.at(-1) as number,
    p50: quantile(values, 0.5),
    p95: quantile(values, 0.95),
    p99: quantile(values, 0.99),
  };
  tx.insert(metricRollups)
    .values({ deploymentId, name, minute, ...row })
    .onConflictDoUpdate({ target: [metricRollups.deploymentId, metricRollups.name, metricRollups.minute], set: row })
    .run();
}

/** Nearest-rank quantile of sorted values. */
export function quantile(sorted: number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

/** Drops raw points older than the retention period (rollups stay). Returns how many were removed. */
export function dropOldPoints(now = Date.now()): number {
  const days = Number(process.env.STAGELINE_METRIC_RETENTION_DAYS ?? 7);
  const cutoff = now - (Number.isFinite(days) && days > 0 ? days : 7) * 86_400_000;
  getDb().delete(predictions).where(lt(predictions.at, cutoff)).run();
  return getDb().delete(metricPoints).where(lt(metricPoints.at, cutoff)).run().changes;
}
