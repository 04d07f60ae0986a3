// The shared prediction counters and latency histogram (see ./prometheus.ts): each process buffers
// its increments (an O(1) add per prediction) and adds them to the `runtime_counters` rows once a
// second in one transaction, and before answering a scrape.
import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { runtimeCounters } from "@/db/schema";

const g = globalThis as unknown as { __stagelinePromPending?: Pending };

/** The histogram's upper bounds, in seconds; a last bucket counts everything above them (+Inf). */
export const BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];
export const PREFIX = "prom|";

/** One series' counts (a flush's increments, or the stored totals): requests, errors, latency sum
 *  (µs), per-bucket counts. */
export type SeriesCounts = {
  deployment: number;
  version: number;
  requests: number;
  errors: number;
  sumUs: number;
  buckets: number[];
};
type Pending = {
  series: Map<string, SeriesCounts>;
  timer: NodeJS.Timeout | null;
};
const pending = (g.__stagelinePromPending ??= {
  series: new Map(),
  timer: null,
});

export function observePrediction(
  deploymentId: number,
  _model: string,
  version: number,
  seconds: number,
  ok: boolean,
): void {
  const key = `${deploymentId}|${version}`;
  let d = pending.series.get(key);
  if (!d) {
    d = {
      deployment: deploymentId,
      version,
      requests: 0,
      errors: 0,
      sumUs: 0,
      buckets: new Array<number>(BUCKETS.length + 1).fill(0),
    };
    pending.series.set(key, d);
  }
  d.requests += 1;
  if (!ok) d.errors += 1;
  d.sumUs += Math.round(seconds * 1e6);
  let b = 0;
  while (b < BUCKETS.length && seconds > (BUCKETS[b] as number)) b++;
  (d.buckets[b] as number)++;
  if (!pending.timer) {
    pending.timer = setTimeout(() => {
      pending.timer = null;
      try {
        flushPredictionCounters();
      } catch (error) {
        console.error("[stageline] prediction counter flush failed", error);
      }
    }, 1000);
    pending.timer.unref();
  }
}

const counterName = (
  kind: string,
  d: { deployment: number; version: number },
  bucket?: number,
) =>
  `${PREFIX}${kind}|${d.deployment}|${d.version}${bucket === undefined ? "" : `|${bucket}`}`;

/** Adds this process's buffered prediction counts to the shared rows (one transaction); returns the series written. */
export function flushPredictionCounters(): number {
  if (pending.series.size === 0) return 0;
  const series: SeriesCounts[] = [...pending.series.values()];
  pending.series.clear();
  const add = (name: string, n: number) => {
    if (n !== 0)
      getDb()
        .insert(runtimeCounters)
        .values({ name, value: n })
        .onConflictDoUpdate({
          target: runtimeCounters.name,
          set: { value: sql`${runtimeCounters.value} + excluded.value` },
        })
        .run();
  };
  try {
    getDb().transaction(
      () => {
        for (const d of series) {
          add(counterName("requests", d), d.requests);
          add(counterName("errors", d), d.errors);
          add(counterName("latency_us", d), d.sumUs);
          d.buckets.forEach((n, b) => add(counterName("bucket", d, b), n));
        }
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    // Put the counts back, so a busy database delays them instead of losing them.
    for (const d of series) mergeBack(d);
    throw error;
  }
  return series.length;
}

function mergeBack(d: SeriesCounts): void {
  const key = `${d.deployment}|${d.version}`;
  const now = pending.series.get(key);
  if (!now) pending.series.set(key, d);
  else {
    now.requests += d.requests;
    now.errors += d.errors;
    now.sumUs += d.sumUs;
    d.buckets.forEach(
      (n, b) => (now.buckets[b] = (now.buckets[b] as number) + n),
    );
  }
}
