import { describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import {
  makeDriftedInputs,
  makeMonitoredDeployment,
  makePoints,
  makeUser,
} from "@/lib/testing/factories";
import { flush } from "@/lib/monitoring/recorder";
import { exposition } from "@/lib/monitoring/prometheus";
import { liveDeploymentHealth } from "@/lib/monitoring/queries";
import { driftReport, setReference } from "./drift";
import { recordDrift } from "./snapshot";

describe("drift report", () => {
  it("reads inputs served in float32 against a float64 reference with many equal values as stable", async () => {
    const ds = await makeUser("data_scientist");
    const dep = await makeMonitoredDeployment(ds, "rainy");
    // Like rainfall: most days 0, then a few repeated decimals, several of them on bin edges.
    const train = Array.from({ length: 2000 }, (_, i) =>
      i % 10 < 6 ? 0 : ([0.1, 0.3, 0.3, 0.7][i % 4] ?? 0),
    );
    setReference(ds, "rainy", 1, { features: { rain: train } });
    const now = Date.now();
    // The same days as the endpoint records them: through the model's float32 input matrix.
    const served = Array.from(new Float32Array(train.slice(0, 1000)));
    makePoints(dep, "input.rain", served, (i) => now - i);
    const drift = driftReport(ds, dep.id, "1h", now).features[0];
    expect(drift?.band).toBe("stable");
    expect(drift?.psi ?? 1).toBeLessThan(0.01);
    expect(drift?.p_value ?? 0).toBeGreaterThan(0.05);
  });

  it("warns on too few rows, calls a same-distribution window stable and a shifted one significant", async () => {
    const ds = await makeUser("data_scientist");
    const dep = await makeMonitoredDeployment(ds, "drifty");
    const train = Array.from({ length: 2000 }, (_, i) => (i % 100) / 100);
    expect(() =>
      setReference(ds, "drifty", 1, { features: { x: [1, 2] } }),
    ).toThrow(/at least 10/);
    setReference(ds, "drifty", 1, { features: { x: train } });
    const now = Date.now();
    makePoints(dep, "input.x", train.slice(0, 50), (i) => now - i);
    expect(driftReport(ds, dep.id, "1h", now).features[0]).toMatchObject({
      feature: "x",
      rows: 50,
      too_few_rows: true,
      psi: null,
    });
    makePoints(dep, "input.x", train.slice(50, 1000), (i) => now - i);
    const same = driftReport(ds, dep.id, "1h", now).features[0];
    expect(same?.band).toBe("stable");
    getSqlite()
      .prepare("delete from metric_points where deployment_id = ?")
      .run(dep.id);
    makePoints(
      dep,
      "input.x",
      train.slice(0, 1000).map((v) => v * 0.5 + 0.5),
      (i) => now - i,
    );
    const shifted = driftReport(ds, dep.id, "1h", now).features[0];
    expect(shifted?.band).toBe("significant");
    expect(shifted).toMatchObject({
      kind: "numeric",
      test: "ks",
      js_distance: null,
    });
    expect(shifted?.p_value).toBeLessThan(0.001);
  });

  it("compares categories by their shares: chi-square and Jensen-Shannon, with unseen values counted as (other)", async () => {
    const ds = await makeUser("data_scientist");
    const dep = await makeMonitoredDeployment(ds, "drifty-cat");
    // 70% code 0, 30% code 1 in training; `is_gentoo` is a one-hot column, so it is named categorical.
    const train = Array.from({ length: 1000 }, (_, i) => (i % 10 < 7 ? 0 : 1));
    expect(() =>
      setReference(ds, "drifty-cat", 1, {
        features: { is_gentoo: train },
        categorical: ["nope"],
      }),
    ).toThrow(/nope is not one of the features/);
    setReference(ds, "drifty-cat", 1, {
      features: {
        is_gentoo: train,
        colour: train.map((c) => (c ? "red" : "blue")),
      },
      categorical: ["is_gentoo"],
    });
    const now = Date.now();
    makePoints(dep, "input.is_gentoo", train.slice(0, 500), (i) => now - i);
    const same = driftReport(ds, dep.id, "1h", now).features.find(
      (f) => f.feature === "is_gentoo",
    );
    expect(same).toMatchObject({
      kind: "categorical",
      test: "chi_square",
      band: "stable",
      rows: 500,
    });
    expect(same?.js_distance).toBeLessThan(0.01);
    expect(same?.p_value).toBeGreaterThan(0.5);
    getSqlite()
      .prepare("delete from metric_points where deployment_id = ?")
      .run(dep.id);
    // Live: 40% code 0, 40% code 1, 20% a code never seen in training.
    makePoints(
      dep,
      "input.is_gentoo",
      Array.from({ length: 500 }, (_, i) => [0, 0, 1, 1, 2][i % 5] as number),
      (i) => now - i,
    );
    const shifted = driftReport(ds, dep.id, "1h", now).features.find(
      (f) => f.feature === "is_gentoo",
    );
    expect(shifted?.band).toBe("significant");
    expect(shifted?.p_value).toBeLessThan(1e-6);
    expect(shifted?.js_distance).toBeGreaterThan(0.2);
    // Text categories get a reference too, and no live rows means "too few rows to judge".
    expect(
      driftReport(ds, dep.id, "1h", now).features.find(
        (f) => f.feature === "colour",
      ),
    ).toMatchObject({ kind: "categorical", too_few_rows: true });
  });

  it("a scheduled snapshot records drift as monitoring points: the /monitoring list, alert metrics and Prometheus see it", async () => {
    const ds = await makeUser("data_scientist");
    const dep = await makeMonitoredDeployment(ds, "drifty-snap");
    const now = Date.now();
    makeDriftedInputs(ds, "drifty-snap", dep, now);
    expect(await recordDrift(now)).toBeGreaterThanOrEqual(2);
    flush();
    const row = liveDeploymentHealth(ds, now).find((d) => d.id === dep.id);
    expect(row?.drift.band).toBe("significant");
    expect(row?.drift.psi_max).toBeGreaterThan(0.25);
    expect(row?.series.drift.at(-1)).toBe(row?.drift.psi_max);
    const psiPoints = getSqlite()
      .prepare(
        "select count(*) n from metric_points where deployment_id = ? and name in ('drift.psi_max', 'drift.psi.x')",
      )
      .get(dep.id) as { n: number };
    expect(psiPoints.n).toBe(2);
    const { body } = await exposition();
    const gauge = body.match(
      new RegExp(
        `stageline_input_drift_psi\\{deployment="${dep.id}",model="drifty-snap",version="1",feature="x"\\} ([\\d.]+)`,
      ),
    );
    expect(Number(gauge?.[1])).toBeCloseTo(row?.drift.psi_max ?? NaN, 9);
  });
});
