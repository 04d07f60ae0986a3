// Drift over time: once a minute the scheduler compares each live deployment's last hour of inputs
// with its version's reference and records the PSI of every feature (`drift.psi.<feature>`) and the
// largest one (`drift.psi_max`) as ordinary monitoring points. So drift gets per-minute rollups,
// sparklines, alert rules (`max(drift.psi_max) > 0.25`) and Prometheus gauges like any other metric.
// The rows are read here; the statistics (sorting, KS, chi-square over every feature of every
// deployment) run in a worker thread, so a snapshot never stalls the loop serving requests.
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  deployments,
  modelVersions,
  referenceDistributions,
  registeredModels,
} from "@/db/schema";
import { record } from "@/lib/monitoring/recorder";
import { runTask } from "@/lib/workers/pool";
import { liveValues } from "./drift";

/** Live rows compared per feature and snapshot: the most recent ones in the window. */
const SNAPSHOT_ROWS = 5000;
export const SNAPSHOT_WINDOW_MS = 3_600_000;

export type DriftGauge = {
  deployment: number;
  model: string;
  version: number;
  feature: string;
  psi: number;
};
const g = globalThis as unknown as {
  __stagelineDrift?: Map<number, DriftGauge[]>;
};
const latest = (g.__stagelineDrift ??= new Map());

/** Records one drift snapshot per live deployment that has a reference; returns the points written. */
export async function recordDrift(now = Date.now()): Promise<number> {
  const db = getDb();
  const rows = db
    .select({
      deployment: deployments.id,
      model: registeredModels.name,
      version: modelVersions.version,
      feature: referenceDistributions.feature,
      kind: referenceDistributions.kind,
      data: referenceDistributions.data,
    })
    .from(deployments)
    .innerJoin(modelVersions, eq(modelVersions.id, deployments.versionId))
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .innerJoin(
      referenceDistributions,
      eq(referenceDistributions.versionId, deployments.versionId),
    )
    .where(eq(deployments.status, "live"))
    .all();
  const byDeployment = new Map<number, DriftGauge[]>();
  let written = 0;
  const pairs = rows.map((r) => ({
    ref: { feature: r.feature, kind: r.kind, data: r.data },
    live: Float64Array.from(
      liveValues(
        r.deployment,
        r.feature,
        now - SNAPSHOT_WINDOW_MS,
        SNAPSHOT_ROWS,
      ),
    ),
  }));
  const drifts = pairs.length
    ? await runTask(
        "drift",
        { pairs },
        { transferList: pairs.map((p) => p.live.buffer) },
      )
    : [];
  rows.forEach((r, i) => {
    const psi = drifts[i]?.psi ?? null;
    if (psi === null) return;
    record(r.deployment, `drift.psi.${r.feature}`, psi, now);
    written++;
    const list = byDeployment.get(r.deployment) ?? [];
    list.push({
      deployment: r.deployment,
      model: r.model,
      version: r.version,
      feature: r.feature,
      psi,
    });
    byDeployment.set(r.deployment, list);
  });
  for (const [id, list] of byDeployment) {
    record(id, "drift.psi_max", Math.max(...list.map((f) => f.psi)), now);
    written++;
  }
  latest.clear();
  for (const [id, list] of byDeployment) latest.set(id, list);
  return written;
}

/** The last snapshot, for the Prometheus drift gauges. */
export function latestDrift(): DriftGauge[] {
  return [...latest.values()].flat();
}
