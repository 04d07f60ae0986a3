// The shared prediction counters in the Prometheus text format, one series per deployment and
// version, read from `runtime_counters` (written by ./prediction-counters.ts).
import "server-only";
import { and, eq, gte, lt, or } from "drizzle-orm";
import { getDb } from "@/db/client";
import { inValues } from "@/db/prepared";
import {
  deployments,
  modelVersions,
  registeredModels,
  runtimeCounters,
} from "@/db/schema";
import { BUCKETS, PREFIX, type SeriesCounts } from "./prediction-counters";

/** The shared prediction counters, in the text format (prom-client cannot set a histogram's buckets). */
export function predictionSeries(): string {
  const db = getDb();
  const rows = db
    .select({ name: runtimeCounters.name, value: runtimeCounters.value })
    .from(runtimeCounters)
    .where(
      and(gte(runtimeCounters.name, PREFIX), lt(runtimeCounters.name, "prom}")),
    )
    .all();
  const series = new Map<string, SeriesCounts>();
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
  const labels = (s: SeriesCounts) =>
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
