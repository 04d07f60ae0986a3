// Prometheus exposition at /api/metrics. Several worker processes serve one port, so a scrape
// reaches any one of them: every figure here comes from the database, the same whichever process
// answers. Nothing is per process.
// - Prediction counters and the latency histogram (per deployment and version) are shared counters
//   in `runtime_counters`: each process buffers its increments (an O(1) add per prediction) and adds
//   them to the rows once a second in one transaction, and before answering a scrape. They only
//   grow, across restarts too (Prometheus handles resets, but there are none to handle).
// - Registry, request and alert gauges are counted at scrape.
// - Drift gauges are the latest snapshot's rollups (written by the scheduler lease holder), not the
//   memory of whichever process took the snapshot.
import "server-only";
import { and, count, eq, gte, isNull, lt, or, sql } from "drizzle-orm";
import { Gauge, Registry } from "prom-client";
import { getDb } from "@/db/client";
import { inValues } from "@/db/prepared";
import { auditHead } from "@/lib/audit/anchor";
import {
  alerts,
  deployments,
  metricRollups,
  modelVersions,
  registeredModels,
  runtimeCounters,
  transitionRequests,
} from "@/db/schema";

type Metrics = { registry: Registry };
const g = globalThis as unknown as {
  __stagelineProm?: Metrics;
  __stagelinePromPending?: Pending;
};

/** The histogram's upper bounds, in seconds; a last bucket counts everything above them (+Inf). */
const BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];
const PREFIX = "prom|";

/** One series' increments since the last flush: requests, errors, latency sum (µs), per-bucket counts. */
type Delta = {
  deployment: number;
  version: number;
  requests: number;
  errors: number;
  sumUs: number;
  buckets: number[];
};
type Pending = { series: Map<string, Delta>; timer: NodeJS.Timeout | null };
const pending = (g.__stagelinePromPending ??= {
  series: new Map(),
  timer: null,
});

function metrics(): Metrics {
  if (g.__stagelineProm) return g.__stagelineProm;
  const registry = new Registry();
  new Gauge({
    name: "stageline_model_versions",
    help: "Live model versions by stage",
    labelNames: ["stage"],
    registers: [registry],
    collect() {
      this.reset();
      const rows = getDb()
        .select({ stage: modelVersions.stage, n: count() })
        .from(modelVersions)
        .where(isNull(modelVersions.deletedAt))
        .groupBy(modelVersions.stage)
        .all();
      for (const r of rows) this.set({ stage: r.stage }, r.n);
    },
  });
  new Gauge({
    name: "stageline_registered_models",
    help: "Registered models by status",
    labelNames: ["status"],
    registers: [registry],
    collect() {
      this.reset();
      const rows = getDb()
        .select({ status: registeredModels.status, n: count() })
        .from(registeredModels)
        .where(isNull(registeredModels.deletedAt))
        .groupBy(registeredModels.status)
        .all();
      for (const r of rows) this.set({ status: r.status }, r.n);
    },
  });
  new Gauge({
    name: "stageline_open_transition_requests",
    help: "Transition requests waiting for review",
    registers: [registry],
    collect() {
      this.set(
        getDb()
          .select({ n: count() })
          .from(transitionRequests)
          .where(and(eq(transitionRequests.status, "open")))
          .get()?.n ?? 0,
      );
    },
  });
  new Gauge({
    name: "stageline_alerts_firing",
    help: "Alerts currently firing",
    registers: [registry],
    collect() {
      this.set(
        getDb()
          .select({ n: count() })
          .from(alerts)
          .where(eq(alerts.state, "firing"))
          .get()?.n ?? 0,
      );
    },
  });
  new Gauge({
    name: "stageline_input_drift_psi",
    help: "Population stability index of each input feature over the last hour against the version's training reference (0.1-0.25 moderate, above 0.25 significant); refreshed every minute",
    labelNames: ["deployment", "model", "version", "feature"],
    registers: [registry],
    collect() {
      this.reset();
      for (const d of latestDrift())
        this.set(
          {
            deployment: String(d.deployment),
            model: d.model,
            version: String(d.version),
            feature: d.feature,
          },
          d.psi,
        );
    },
  });
  // The audit chain's head, so the scraper keeps a copy of it outside the database: a count that
  // goes down, or a hash at a count that changes between scrapes, is a rewritten or cut log.
  new Gauge({
    name: "stageline_audit_events_total",
    help: "Events in the audit chain (the id of the newest event; ids run 1..n)",
    registers: [registry],
    collect() {
      this.set(auditHead().count);
    },
  });
  new Gauge({
    name: "stageline_audit_head_info",
    help: "The newest audit event: its id and its keyed hash (always 1)",
    labelNames: ["count", "hash"],
    registers: [registry],
    collect() {
      this.reset();
      const head = auditHead();
      this.set({ count: String(head.count), hash: head.hash }, 1);
    },
  });
  g.__stagelineProm = { registry };
  return g.__stagelineProm;
}

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
  const series: Delta[] = [...pending.series.values()];
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

function mergeBack(d: Delta): void {
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

/** Extra gauges other modules add (alerts firing, drift). */
export function registry(): Registry {
  return metrics().registry;
}

export async function exposition(): Promise<{
  body: string;
  contentType: string;
}> {
  // This process's last second of predictions, so a scrape right after a prediction counts it.
  flushPredictionCounters();
  const r = metrics().registry;
  return {
    body: predictionSeries() + (await r.metrics()),
    contentType: r.contentType,
  };
}

type Series = {
  deployment: number;
  version: number;
  requests: number;
  errors: number;
  sumUs: number;
  buckets: number[];
};

/** The shared prediction counters, in the text format (prom-client cannot set a histogram's buckets). */
function predictionSeries(): string {
  const db = getDb();
  const rows = db
    .select({ name: runtimeCounters.name, value: runtimeCounters.value })
    .from(runtimeCounters)
    .where(
      and(gte(runtimeCounters.name, PREFIX), lt(runtimeCounters.name, "prom}")),
    )
    .all();
  const series = new Map<string, Series>();
  for (const row of rows) {
    const [, kind, dep, ver, bucket] = row.name.split("|");
    const key = `${dep}|${ver}`;
    let s = series.get(key);
    if (!s) {
      s = {
        deployment: Number(dep),
        version: Number(ver),
        requests: 0,
        errors: 0,
        sumUs: 0,
        buckets: new Array<number>(BUCKETS.length + 1).fill(0),
      };
      series.set(key, s);
    }
    if (kind === "requests") s.requests = row.value;
    else if (kind === "errors") s.errors = row.value;
    else if (kind === "latency_us") s.sumUs = row.value;
    else if (
      kind === "bucket" &&
      Number(bucket) >= 0 &&
      Number(bucket) <= BUCKETS.length
    )
      s.buckets[Number(bucket)] = row.value;
  }
  // Every live deployment's current version has its series from the start (at 0), as Prometheus
  // recommends, so a scrape never misses one that has not been flushed yet.
  const ids = [...new Set([...series.values()].map((s) => s.deployment))];
  const deps = db
    .select({
      id: deployments.id,
      status: deployments.status,
      model: registeredModels.name,
      version: modelVersions.version,
    })
    .from(deployments)
    .innerJoin(registeredModels, eq(registeredModels.id, deployments.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, deployments.versionId))
    .where(or(eq(deployments.status, "live"), inValues(deployments.id, ids)))
    .all();
  const models = new Map(deps.map((d) => [d.id, d.model] as const));
  for (const d of deps) {
    const key = `${d.id}|${d.version}`;
    if (d.status === "live" && !series.has(key))
      series.set(key, {
        deployment: d.id,
        version: d.version,
        requests: 0,
        errors: 0,
        sumUs: 0,
        buckets: new Array<number>(BUCKETS.length + 1).fill(0),
      });
  }
  const sorted = [...series.values()].sort(
    (a, b) => a.deployment - b.deployment || a.version - b.version,
  );
  const labels = (s: Series) =>
    `deployment="${s.deployment}",model="${escapeLabel(models.get(s.deployment) ?? "")}",version="${s.version}"`;
  const out: string[] = [];
  out.push(
    "# HELP stageline_predictions_total Prediction requests served, by deployment",
    "# TYPE stageline_predictions_total counter",
  );
  for (const s of sorted)
    out.push(`stageline_predictions_total{${labels(s)}} ${s.requests}`);
  out.push(
    "# HELP stageline_prediction_errors_total Prediction requests that failed, by deployment",
    "# TYPE stageline_prediction_errors_total counter",
  );
  for (const s of sorted)
    out.push(`stageline_prediction_errors_total{${labels(s)}} ${s.errors}`);
  out.push(
    "# HELP stageline_prediction_latency_seconds Prediction latency",
    "# TYPE stageline_prediction_latency_seconds histogram",
  );
  for (const s of sorted) {
    let cumulative = 0;
    BUCKETS.forEach((le, b) => {
      cumulative += s.buckets[b] as number;
      out.push(
        `stageline_prediction_latency_seconds_bucket{le="${le}",${labels(s)}} ${cumulative}`,
      );
    });
    out.push(
      `stageline_prediction_latency_seconds_bucket{le="+Inf",${labels(s)}} ${cumulative + (s.buckets[BUCKETS.length] as number)}`,
    );
    out.push(
      `stageline_prediction_latency_seconds_sum{${labels(s)}} ${s.sumUs / 1e6}`,
    );
    out.push(
      `stageline_prediction_latency_seconds_count{${labels(s)}} ${s.requests}`,
    );
  }
  return `${out.join("\n")}\n\n`;
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

/** How old a drift snapshot may be and still be exported (snapshots are taken once a minute). */
const DRIFT_FRESH_MS = 10 * 60_000;

/** The PSI of each feature at each live deployment's latest drift snapshot, from its rollups. */
function latestDrift(now = Date.now()): {
  deployment: number;
  model: string;
  version: number;
  feature: string;
  psi: number;
}[] {
  const latest = sql`(select max(r2.minute) from ${metricRollups} r2 where r2.deployment_id = ${metricRollups.deploymentId} and r2.name = 'drift.psi_max' and r2.minute >= ${now - DRIFT_FRESH_MS})`;
  return getDb()
    .select({
      deployment: deployments.id,
      model: registeredModels.name,
      version: modelVersions.version,
      name: metricRollups.name,
      psi: metricRollups.max,
    })
    .from(deployments)
    .innerJoin(modelVersions, eq(modelVersions.id, deployments.versionId))
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .innerJoin(metricRollups, eq(metricRollups.deploymentId, deployments.id))
    .where(
      and(
        eq(deployments.status, "live"),
        gte(metricRollups.name, "drift.psi."),
        lt(metricRollups.name, "drift.psi/"),
        eq(metricRollups.minute, latest),
      ),
    )
    .orderBy(deployments.id, metricRollups.name)
    .all()
    .map((r) => ({
      deployment: r.deployment,
      model: r.model,
      version: r.version,
      feature: r.name.slice("drift.psi.".length),
      psi: r.psi,
    }));
}
