// Monitoring benchmark (issue: Deployment/serving/monitoring): metric ingestion through
// POST /api/v1/deployments/{id}/metrics in batches of 1,000 points (autocannon, loopback) beside a
// raw better-sqlite3 insert of the same rows in one transaction; and the monitoring pages over 30
// days of per-minute rollups for 20 deployments.
import autocannon from "autocannon";
import { type openDatabase } from "@/db/client";
import { createDeployment } from "@/lib/deployments/deployments";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import {
  benchUser,
  benchData,
  ensureBuild,
  fmt,
  jsonBearer,
  signIn,
  startServer,
  time,
  timeGet,
} from "./lib";

const DEPLOYMENTS = 20;
const DAYS = 30;
const BATCH = 1_000;
const NAMES = ["latency_ms", "error", "input.a", "input.b", "input.c"];

export async function monitoringBench(): Promise<void> {
  ensureBuild();
  const { dataDir, sqlite, remove } = await benchData("mon");
  const { actor, token } = await benchUser();
  createModel(actor, { name: "bench-monitored", task: "classification" });
  createVersion(actor, "bench-monitored", {});
  const ids: number[] = [];
  for (let i = 0; i < DEPLOYMENTS; i++) {
    ids.push(
      createDeployment(actor, "bench-monitored", {
        version: 1,
        environment: `env-${i}`,
        target: "external",
        endpoint_url: `http://127.0.0.1:1/m${i}`,
      }).id,
    );
  }

  // 30 days of per-minute rollups (requests, errors, live accuracy) for every deployment: a fixture.
  const t0 = Date.now();
  const now = Date.now();
  const rollups = generateRollups(sqlite, ids, DAYS, now);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.exec("ANALYZE");
  console.log(
    `\ngenerated ${rollups.toLocaleString("en")} rollup rows (${DEPLOYMENTS} deployments x ${DAYS} days x 3 metrics) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  const server = await startServer(dataDir);
  const cookie = await signIn(
    server.base,
    "bench@example.com",
    "bench-password",
  );
  const list = await timeGet(`${server.base}/monitoring`, { cookie });
  const detail = await timeGet(
    `${server.base}/monitoring/${ids[0]}?range=30d`,
    { cookie },
  );
  console.log(
    `Monitoring (${DEPLOYMENTS} live deployments, ${DAYS} days of per-minute rollups): median (p95) over 30 sequential requests`,
  );
  console.log(
    `  GET /monitoring (list with sparklines)       ${fmt(list.median)} (${fmt(list.p95)})`,
  );
  console.log(
    `  GET /monitoring/{id}?range=30d (charts)      ${fmt(detail.median)} (${fmt(detail.p95)})`,
  );

  // Ingestion: batches of 1,000 points with server-side timestamps, spread over the deployments.
  const body = JSON.stringify({
    points: Array.from({ length: BATCH }, (_, i) => ({
      name: NAMES[i % NAMES.length],
      value: ((i * 7919) % 1000) / 10,
    })),
  });
  const target = `${server.base}/api/v1/deployments/${ids[1]}/metrics`;
  const headers = jsonBearer(token);
  const result = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(
      {
        url: target,
        method: "POST",
        headers,
        body,
        connections: 4,
        duration: 10,
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    ),
  );
  await server.stop();
  const pointsPerSecond = result.requests.average * BATCH;
  console.log(
    `\nMetric ingestion (POST .../metrics, ${BATCH.toLocaleString("en")} points per batch, 4 connections, 10 s): ${result.requests.average.toFixed(0)} batches/s = ${Math.round(pointsPerSecond).toLocaleString("en")} points/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`,
  );

  const rows = Array.from(
    { length: 100 * BATCH },
    (_, i) =>
      [
        ids[2],
        NAMES[i % NAMES.length],
        now + (i % 60_000),
        ((i * 7919) % 1000) / 10,
      ] as const,
  );
  const raw = sqlite.prepare(
    "insert into metric_points (deployment_id, name, at, value) values (?, ?, ?, ?)",
  );
  const bare = await time(
    () => sqlite.transaction(() => rows.forEach((r) => raw.run(...r)))(),
    5,
    1,
  );
  console.log(
    `Raw better-sqlite3 insert of ${rows.length.toLocaleString("en")} points in one transaction: ${fmt(bare.median)} = ${Math.round(rows.length / (bare.median / 1000)).toLocaleString("en")} points/s (app reaches ${((pointsPerSecond / (rows.length / (bare.median / 1000))) * 100).toFixed(0)}% of it)`,
  );
  remove();
}

/** Per-minute rollups (latency, errors, live accuracy) for each deployment over `days`: bulk raw SQL, a fixture. */
export function generateRollups(
  sqlite: ReturnType<typeof openDatabase>["sqlite"],
  ids: number[],
  days: number,
  now = Date.now(),
): number {
  const first = Math.floor((now - days * 86_400_000) / 60_000) * 60_000;
  const ins = sqlite.prepare(
    "insert into metric_rollups (deployment_id, name, minute, count, sum, min, max, p50, p95, p99) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  let rollups = 0;
  sqlite.transaction(() => {
    for (const id of ids) {
      for (let m = first; m < now; m += 60_000) {
        const n = 20 + ((m / 60_000 + id) % 40);
        const p50 = 4 + (id % 5);
        ins.run(id, "latency_ms", m, n, n * p50, 1, 80, p50, p50 * 3, p50 * 6);
        ins.run(
          id,
          "error",
          m,
          n,
          (m / 60_000) % 97 === 0 ? 3 : 0,
          0,
          1,
          0,
          0,
          0,
        );
        ins.run(id, "live_accuracy", m, 5, 4, 0, 1, 1, 1, 1);
        rollups += 3;
      }
    }
  })();
  return rollups;
}
