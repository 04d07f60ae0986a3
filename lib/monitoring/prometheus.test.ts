// With several workers a scrape reaches any one of them: what /api/metrics exports must not be
// the memory of the process that did the work.
import { expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { recordDrift } from "@/lib/drift/snapshot";
import {
  makeDriftedInputs,
  makeMonitoredDeployment,
  makeUser,
} from "@/lib/testing/factories";
import { exposition } from "./prometheus";
import { flush } from "./recorder";

it("exports the drift gauges of the last snapshot from the database, in a process that did not take it", async () => {
  const ds = await makeUser("data_scientist");
  const dep = await makeMonitoredDeployment(ds, "drift-scraped");
  const now = Date.now();
  makeDriftedInputs(ds, "drift-scraped", dep, now);
  await recordDrift(now);
  flush();
  const psi = (
    getSqlite()
      .prepare(
        "select max from metric_rollups where deployment_id = ? and name = 'drift.psi.x'",
      )
      .get(dep.id) as { max: number }
  ).max;
  // The scheduler lease holder took the snapshot; this scrape is answered by another worker, which
  // has none of its memory.
  (
    globalThis as { __stagelineDrift?: Map<number, unknown> }
  ).__stagelineDrift?.clear();
  const { body } = await exposition();
  const gauge = body.match(
    new RegExp(
      `stageline_input_drift_psi\\{deployment="${dep.id}",model="drift-scraped",version="1",feature="x"\\} ([\\d.]+)`,
    ),
  );
  expect(Number(gauge?.[1])).toBeCloseTo(psi, 9);
  expect(psi).toBeGreaterThan(0.25);
  // A live deployment that has served nothing yet still has its series, at 0.
  expect(body).toContain(
    `stageline_predictions_total{deployment="${dep.id}",model="drift-scraped",version="1"} 0\n`,
  );
  expect(body).toContain(
    `stageline_prediction_latency_seconds_bucket{le="+Inf",deployment="${dep.id}",model="drift-scraped",version="1"} 0\n`,
  );
});
