// Prometheus exposition: request counters, latency histograms and error counters per deployment
// (in-process, so they reset on restart as Prometheus expects), plus registry gauges read at scrape.
import "server-only";
import { and, count, eq, isNull } from "drizzle-orm";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { getDb } from "@/db/client";
import { auditHead } from "@/lib/audit/anchor";
import { latestDrift } from "@/lib/drift/snapshot";
import { alerts, modelVersions, registeredModels, transitionRequests } from "@/db/schema";

type Metrics = { registry: Registry; requests: Counter; errors: Counter; latency: Histogram };
const g = globalThis as unknown as { __stagelineProm?: Metrics };

function metrics(): Metrics {
  if (g.__stagelineProm) return g.__stagelineProm;
  const registry = new Registry();
  const labelNames = ["deployment", "model", "version"] as const;
  const requests = new Counter({ name: "stageline_predictions_total", help: "Prediction requests served, by deployment", labelNames, registers: [registry] });
  const errors = new Counter({ name: "stageline_prediction_errors_total", help: "Prediction requests that failed, by deployment", labelNames, registers: [registry] });
  const latency = new Histogram({ name: "stageline_prediction_latency_seconds", help: "Prediction latency", labelNames, buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry] });
  new Gauge({
    name: "stageline_model_versions",
    help: "Live model versions by stage",
    labelNames: ["stage"],
    registers: [registry],
    collect() {
      this.reset();
      const rows = getDb().select({ stage: modelVersions.stage, n: count() }).from(modelVersions).where(isNull(modelVersions.deletedAt)).groupBy(modelVersions.stage).all();
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
      const rows = getDb().select({ status: registeredModels.status, n: count() }).from(registeredModels).where(isNull(registeredModels.deletedAt)).groupBy(registeredModels.status).all();
      for (const r of rows) this.set({ status: r.status }, r.n);
    },
  });
  new Gauge({
    name: "stageline_open_transition_requests",
    help: "Transition requests waiting for review",
    registers: [registry],
    collect() {
      this.set(getDb().select({ n: count() }).from(transitionRequests).where(and(eq(transitionRequests.status, "open"))).get()?.n ?? 0);
    },
  });
  new Gauge({
    name: "stageline_alerts_firing",
    help: "Alerts currently firing",
    registers: [registry],
    collect() {
      this.set(getDb().select({ n: count() }).from(alerts).where(eq(alerts.state, "firing")).get()?.n ?? 0);
    },
  });
  new Gauge({
    name: "stageline_input_drift_psi",
    help: "Population stability index of each input feature over the last hour against the version's training reference (0.1-0.25 moderate, above 0.25 significant); refreshed every minute",
    labelNames: ["deployment", "model", "version", "feature"],
    registers: [registry],
    collect() {
      this.reset();
      for (const d of latestDrift()) this.set({ deployment: String(d.deployment), model: d.model, version: String(d.version), feature: d.feature }, d.psi);
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
  g.__stagelineProm = { registry, requests, errors, latency };
  return g.__stagelineProm;
}

export function observePrediction(deploymentId: number, model: string, version: number, seconds: number, ok: boolean): void {
  const m = metrics();
  const labels = { deployment: String(deploymentId), model, version: String(version) };
  m.requests.inc(labels);
  m.latency.observe(labels, seconds);
  if (!ok) m.errors.inc(labels);
}

/** Extra gauges other modules add (alerts firing, drift). */
export function registry(): Registry {
  return metrics().registry;
}

export async function exposition(): Promise<{ body: string; contentType: string }> {
  const r = metrics().registry;
  return { body: await r.metrics(), contentType: r.contentType };
}
