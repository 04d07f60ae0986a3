import { describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { createDeployment } from "@/lib/deployments/deployments";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { makeUser } from "@/lib/testing/factories";
import { EXACT_VALUES, quantile, writePoints } from "./points";

type Rollup = {
  minute: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
};
const rollups = (deploymentId: number, name: string) =>
  getSqlite()
    .prepare(
      "select minute, count, sum, min, max, p50, p95, p99 from metric_rollups where deployment_id = ? and name = ? order by minute",
    )
    .all(deploymentId, name) as Rollup[];

describe("per-minute rollups", () => {
  it("cover every value of the minute across writes and minutes, exact up to EXACT_VALUES", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "rolled" });
    createVersion(ds, "rolled", {});
    const dep = createDeployment(ds, "rolled", {
      version: 1,
      environment: "staging",
      target: "external",
      endpoint_url: "http://127.0.0.1:1/x",
    });
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;
    // Values 1..100 of one minute in three writes, in shuffled order.
    const values = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
    const at = (i: number) => minute + (i % 60) * 1000;
    writePoints(
      values.slice(0, 30).map((value, i) => ({
        deploymentId: dep.id,
        name: "latency_ms",
        at: at(i),
        value,
      })),
    );
    writePoints(
      values.slice(30, 70).map((value, i) => ({
        deploymentId: dep.id,
        name: "latency_ms",
        at: at(i),
        value,
      })),
    );
    writePoints(
      values.slice(70).map((value, i) => ({
        deploymentId: dep.id,
        name: "latency_ms",
        at: at(i),
        value,
      })),
    );
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

    writePoints([
      {
        deploymentId: dep.id,
        name: "latency_ms",
        at: minute + 60_000,
        value: 7,
      },
    ]);
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
    createModel(ds, { name: "busy" });
    createVersion(ds, "busy", {});
    const dep = createDeployment(ds, "busy", {
      version: 1,
      environment: "staging",
      target: "external",
      endpoint_url: "http://127.0.0.1:1/x",
    });
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 180_000;
    // 30,000 latencies 1..30,000 (shuffled), in batches of 1,000.
    const values = Array.from(
      { length: 30_000 },
      (_, i) => ((i * 7919) % 30_000) + 1,
    );
    for (let b = 0; b < 30; b++) {
      writePoints(
        values.slice(b * 1000, (b + 1) * 1000).map((value, i) => ({
          deploymentId: dep.id,
          name: "latency_ms",
          at: minute + (i % 60) * 1000,
          value,
        })),
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
    createModel(ds, { name: "legacy-rollup" });
    createVersion(ds, "legacy-rollup", {});
    const dep = createDeployment(ds, "legacy-rollup", {
      version: 1,
      environment: "staging",
      target: "external",
      endpoint_url: "http://127.0.0.1:1/x",
    });
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 240_000;
    const values = Array.from({ length: 3000 }, (_, i) => i + 1);
    writePoints(
      values.slice(0, 2000).map((value, i) => ({
        deploymentId: dep.id,
        name: "latency_ms",
        at: minute + (i % 60) * 1000,
        value,
      })),
    );
    // As the old recorder left it: absolute figures, no sketch.
    getSqlite()
      .prepare(
        "update metric_rollups set sketch = null where deployment_id = ?",
      )
      .run(dep.id);
    writePoints(
      values.slice(2000).map((value, i) => ({
        deploymentId: dep.id,
        name: "latency_ms",
        at: minute + (i % 60) * 1000,
        value,
      })),
    );
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
