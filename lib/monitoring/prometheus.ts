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
import { and, count, eq, gte, isNull, lt, sql } from "drizzle-orm";
import { Gauge, Registry } from "prom-client";
import { getDb } from "@/db/client";
import { auditHead } from "@/lib/audit/anchor";
import {
  alerts,
  deployments,
  metricRollups,
  modelVersions,
  registeredModels,
  transitionRequests,
} from "@/db/schema";
import { flushPredictionCounters } from "./prediction-counters";
import { predictionSeries } from "./prediction-series";

type Metrics = { registry: Registry };
const g = globalThis as unknown as { __stagelineProm?: Metrics };

function metrics(): Metrics {
  if (g.__stagelineProm) return g.__stagelineProm;
  const registry = new Registry();
  liveCountGauge(
    registry,
    "stageline_model_versions",
    "Live model versions by stage",
    "stage",
    () =>
      getDb()
        .select({ key: modelVersions.stage, n: count() })
        .from(modelVersions)
        .where(isNull(modelVersions.deletedAt))
        .groupBy(modelVersions.stage)
        .all(),
  );
  liveCountGauge(
    registry,
    "stageline_registered_models",
    "Registered models by status",
    "status",
    () =>
      getDb()
        .select({ key: registeredModels.status, n: count() })
        .from(registeredModels)
        .where(isNull(registeredModels.deletedAt))
        .groupBy(registeredModels.status)
        .all(),
  );
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

/** A gauge of rows counted by one label (a stage, a status), counted again at each scrape. */
function liveCountGauge(
  registry: Registry,
  name: string,
  help: string,
  label: string,
  counts: () => { key: string; n: number }[],
): void {
  new Gauge({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    collect() {
      this.reset();
      for (const r of counts()) this.set({ [label]: r.key }, r.n);
    },
  });
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
