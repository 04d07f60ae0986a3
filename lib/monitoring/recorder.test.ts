import { describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import {
  makeMonitoredDeployment,
  makePoints,
  makeUser,
} from "@/lib/testing/factories";
import { rollups } from "@/lib/testing/rollups";
import { EXACT_VALUES, quantile } from "./points";

/** Where points of one minute go: the i-th value at second i % 60 of `minute`. */
const secondsOf = (minute: number) => (i: number) => minute + (i % 60) * 1000;

describe("per-minute rollups", () => {
  it("cover every value of the minute across writes and minutes, exact up to EXACT_VALUES", async () => {
    const ds = await makeUser("data_scientist");
    const dep = await makeMonitoredDeployment(ds, "rolled");
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;
    // Values 1..100 of one minute in three writes, in shuffled order.
    const values = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
    const at = secondsOf(minute);
    makePoints(dep, "latency_ms", values.slice(0, 30), at);
    makePoints(dep, "latency_ms", values.slice(30, 70), at);
    makePoints(dep, "latency_ms", values.slice(70), at);
    // Nearest rank over 1..100: p50 = 50, p95 = 95, p99 = 99.
    expect(rollups(dep.id, "latency_ms")).toEqual([
      {
        minute,
        count: 100,
        sum: 5050,
        min: 1,
        max: 100,
        p50: 50,
        p95: 95,
        p99: 99,
      },
    ]);

    makePoints(dep, "latency_ms", [7], () => minute + 60_000);
    expect(
      rollups(dep.id, "latency_ms").map((r) => [r.minute, r.count, r.p99]),
    ).toEqual([
      [minute, 100, 99],
      [minute + 60_000, 1, 7],
    ]);
  });

  it("past EXACT_VALUES a minute keeps exact count, sum, min and max and percentiles within 1%", async () => {
    expect(EXACT_VALUES).toBeLessThan(30_000);
    const ds = await makeUser("data_scientist");
    const dep = await makeMonitoredDeployment(ds, "busy");
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 180_000;
    // 30,000 latencies 1..30,000 (shuffled), in batches of 1,000.
    const values = Array.from(
      { length: 30_000 },
      (_, i) => ((i * 7919) % 30_000) + 1,
    );
    for (let b = 0; b < 30; b++) {
      makePoints(
        dep,
        "latency_ms",
        values.slice(b * 1000, (b + 1) * 1000),
        secondsOf(minute),
      );
    }
    const [r] = rollups(dep.id, "latency_ms");
    expect(r).toMatchObject({
      minute,
      count: 30_000,
      sum: (30_000 * 30_001) / 2,
      min: 1,
      max: 30_000,
    });
    for (const [q, exact] of [
      [r?.p50, 15_000],
      [r?.p95, 28_500],
      [r?.p99, 29_700],
    ] as const) {
      expect(Math.abs((q as number) - exact) / exact).toBeLessThan(0.01);
    }
  });

  it("rebuild a row written before sketches were stored from its raw points, then keep adding", async () => {
    const ds = await makeUser("data_scientist");
    const dep = await makeMonitoredDeployment(ds, "legacy-rollup");
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 240_000;
    const values = Array.from({ length: 3000 }, (_, i) => i + 1);
    makePoints(dep, "latency_ms", values.slice(0, 2000), secondsOf(minute));
    // As the old recorder left it: absolute figures, no sketch.
    getSqlite()
      .prepare(
        "update metric_rollups set sketch = null where deployment_id = ?",
      )
      .run(dep.id);
    makePoints(dep, "latency_ms", values.slice(2000), secondsOf(minute));
    const [r] = rollups(dep.id, "latency_ms");
    expect(r).toMatchObject({
      count: 3000,
      sum: (3000 * 3001) / 2,
      min: 1,
      max: 3000,
    });
    expect(Math.abs((r?.p50 as number) - 1500) / 1500).toBeLessThan(0.01);
  });

  it("take nearest-rank quantiles", () => {
    expect(quantile([10], 0.99)).toBe(10);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3);
    expect(quantile(Float64Array.from([1, 2, 3, 4]), 1)).toBe(4);
  });
});
