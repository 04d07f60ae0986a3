// The demo's last few days of monitoring: every hour (every five minutes in the last hour), each model with `traffic` in
// lib/demo/history.ts is asked for predictions on rows of its own data set through the real
// endpoint code (lib/serving/serving.ts predict), and ground truth for most of them comes back
// through the real feedback path; the scheduler's drift snapshot and alert evaluation run after
// each round at that time. One model gets a drift episode (rows from one slice of its data for a
// day), so its alert rule fires and then resolves.
import "server-only";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import type { Actor } from "@/lib/auth/actor";
import { listDeployments } from "@/lib/deployments/deployments";
import { recordDrift } from "@/lib/drift/snapshot";
import { mulberry32 } from "@/lib/ml/random";
import type { Dataset } from "@/lib/ml/datasets";
import { recordFeedback } from "@/lib/monitoring/feedback";
import { flush } from "@/lib/monitoring/recorder";
import { predict } from "@/lib/serving/serving";
import {
  DAYS,
  DEMO_MODELS,
  HOURS,
  timeOf,
  TRAFFIC_DAYS,
  TRAFFIC_STEP_MS,
  type DemoModel,
} from "./history";

export type Step = { at: number; run: () => void | Promise<void> };

/**
 * Rows a round asks for: more in the working day than at night, and never under the 100 rows a
 * drift snapshot needs (lib/drift/constants.ts), so a quiet night reads as stable, not as no data.
 */
export function roundRows(at: number): number {
  const hour = (at % DAYS) / HOURS;
  return Math.round(150 + 40 * Math.sin((2 * Math.PI * (hour - 8)) / 24));
}

export function trafficSteps(
  actors: { scientist: Actor },
  start: number,
  log: (line: string) => void,
): Step[] {
  const specs = DEMO_MODELS.filter((m) => m.traffic);
  // Hourly rounds, then one every five minutes in the last hour, so the pages that open on the
  // last hour (Monitoring, a deployment) show live traffic on first start.
  const ticks: { at: number; share: number }[] = [];
  const recent = start - 3_600_000;
  for (
    let at =
      Math.ceil((start - TRAFFIC_DAYS * DAYS) / TRAFFIC_STEP_MS) *
      TRAFFIC_STEP_MS;
    at < recent;
    at += TRAFFIC_STEP_MS
  )
    ticks.push({ at, share: 1 });
  for (let at = recent; at < start - 2 * 60_000; at += 5 * 60_000)
    ticks.push({ at, share: 1 / 3 });
  const cache = new Map<string, Dataset>();
  const random = mulberry32(19);
  let served = 0;
  let fed = 0;
  const steps: Step[] = [];
  for (const { at, share } of ticks) {
    for (const spec of specs)
      steps.push({
        at,
        run: async () => {
          const ds = cache.get(spec.name) ?? spec.data();
          cache.set(spec.name, ds);
          const rows = Math.max(12, Math.round(roundRows(at) * share));
          const got = await round(
            actors.scientist,
            spec,
            ds,
            at,
            start,
            rows,
            random,
          );
          served += got.served;
          fed += got.fed;
        },
      });
    // The scheduler's minute work, at this round's time: drift snapshots, then alerts.
    const after = at + Math.min(5 * 60_000, share * TRAFFIC_STEP_MS) - 1000;
    steps.push({
      at: after,
      run: async () => {
        flush();
        await recordDrift(after);
        evaluateAlerts(after);
      },
    });
  }
  steps.push({
    at: start - 1000,
    run: () => {
      // Nothing left in the recorder's buffer: the seed's points are all written when it returns.
      flush();
      log(
        `  monitoring: ${served} predictions over ${TRAFFIC_DAYS} days on ${specs.length} deployments, ${fed} with ground truth`,
      );
    },
  });
  return steps;
}

async function round(
  actor: Actor,
  spec: DemoModel,
  ds: Dataset,
  at: number,
  start: number,
  n: number,
  random: () => number,
): Promise<{ served: number; fed: number }> {
  const dep = listDeployments(actor, { model: spec.name, live: true }).find(
    (d) => d.environment === "production" && d.target === "stageline",
  );
  if (!dep) return { served: 0, fed: 0 };
  const features = spec.variants[dep.version - 1]?.features;
  if (!features) return { served: 0, fed: 0 };
  // In the drift episode the traffic comes from one slice of the data (long flights only).
  const drift = spec.drift;
  const drifting =
    drift !== undefined &&
    at >= timeOf(drift.from, start) &&
    at < timeOf(drift.to, start);
  const col = drift ? ds.features.indexOf(drift.feature) : -1;
  const pool = drifting
    ? ds.X.flatMap((x, i) =>
        (x[col] as number) > (drift?.above ?? 0) ? [i] : [],
      )
    : ds.X.map((_, i) => i);
  const rows = Array.from(
    { length: n },
    () => pool[Math.floor(random() * pool.length)] as number,
  );
  const idx = features.map((f) => ds.features.indexOf(f));
  const inputs = Object.fromEntries(
    features.map((f, j) => [
      f,
      rows.map((r) => (ds.X[r] as number[])[idx[j] as number] as number),
    ]),
  );
  const served = await predict(actor, spec.name, "production", { inputs });
  // Ground truth arrives for about two thirds of the predictions.
  const items = served.prediction_ids.flatMap((id, i) =>
    random() < 0.65
      ? [{ prediction_id: id, actual: ds.y[rows[i] as number] as number }]
      : [],
  );
  if (items.length) recordFeedback(actor, dep.id, { items });
  return { served: n, fed: items.length };
}
