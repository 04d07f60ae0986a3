// Two real processes write the same minute of the same deployment at once, as two workers serving
// one port do: the stored rollup must hold exactly what one process writing every value would, and
// the Prometheus counters the sum of both (a scrape reaches either process).
import { expect, it } from "vitest";
import { runScript } from "@/lib/testing/child-script";
import { makeMonitoredDeployment, makeUser } from "@/lib/testing/factories";
import { rollup } from "@/lib/testing/rollups";
import { exposition } from "./prometheus";
import { quantile } from "./points";

async function writer(args: (string | number)[]): Promise<void> {
  const { code, out } = await runScript(
    "lib/monitoring/testing/rollup-child.ts",
    args,
  );
  if (code !== 0 || !out.includes("done"))
    throw new Error(`writer exited ${code}: ${out}`);
}

it("two processes writing one minute give the totals one process would, and the shared prediction counters", async () => {
  const ds = await makeUser("data_scientist");
  const dep = await makeMonitoredDeployment(ds, "raced");
  const minute = Math.floor(Date.now() / 60_000) * 60_000 - 300_000;
  // A busy minute (sketch percentiles) and a quiet one (exact), each split between the processes:
  // odd values in one, even in the other, flushes 30 ms apart from one start time, so they interleave.
  const startAt = Date.now() + 4_000;
  await Promise.all([
    writer([dep.id, minute, "latency_ms", 1, 19_999, 2, 20, startAt]),
    writer([dep.id, minute, "latency_ms", 2, 20_000, 2, 20, startAt]),
    writer([dep.id, minute + 60_000, "latency_ms", 1, 99, 2, 5, startAt]),
    writer([dep.id, minute + 60_000, "latency_ms", 2, 100, 2, 5, startAt]),
  ]);
  const busy = rollup(dep.id, "latency_ms", minute);
  expect(busy).toMatchObject({
    count: 20_000,
    sum: (20_000 * 20_001) / 2,
    min: 1,
    max: 20_000,
  });
  for (const [q, exact] of [
    [busy.p50, 10_000],
    [busy.p95, 19_000],
    [busy.p99, 19_800],
  ] as const) {
    expect(Math.abs(q - exact) / exact).toBeLessThan(0.01);
  }
  const all = Array.from({ length: 100 }, (_, i) => i + 1);
  expect(rollup(dep.id, "latency_ms", minute + 60_000)).toEqual({
    count: 100,
    sum: 5050,
    min: 1,
    max: 100,
    p50: quantile(all, 0.5),
    p95: quantile(all, 0.95),
    p99: quantile(all, 0.99),
  });

  // Every value was one prediction (value/1000 seconds; one in ten failed), in whichever process.
  const { body } = await exposition();
  const labels = `deployment="${dep.id}",model="raced",version="1"`;
  expect(body).toContain(`stageline_predictions_total{${labels}} 20100\n`);
  expect(body).toContain(`stageline_prediction_errors_total{${labels}} 2010\n`);
  expect(body).toContain(
    `stageline_prediction_latency_seconds_count{${labels}} 20100\n`,
  );
  // 100 values are at most 0.1 s (1..100 ms) in the quiet minute plus 1..100 in the busy one.
  expect(body).toContain(
    `stageline_prediction_latency_seconds_bucket{le="0.1",${labels}} 200\n`,
  );
  expect(body).toContain(
    `stageline_prediction_latency_seconds_bucket{le="+Inf",${labels}} 20100\n`,
  );
}, 60_000);
