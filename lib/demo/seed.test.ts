import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { listArtifacts } from "@/lib/registry/artifacts";
import { getModelDetail, listVersions } from "@/lib/registry/queries";
import { listRequests } from "@/lib/lifecycle/queries";
import { seedIfEmpty } from "./seed";

describe("first-start demo seed", () => {
  it("trains real models whose richer versions measure better on held-out data", async () => {
    process.env.STAGELINE_DEMO = "1";
    await seedIfEmpty(() => {});
    const cars = listVersions(SYSTEM_ACTOR, "cars-mpg").items;
    const penguins = listVersions(SYSTEM_ACTOR, "penguins-sex").items;
    expect(cars.map((v) => v.version)).toEqual([3, 2, 1]);
    const rmse = (v: number) =>
      cars.find((x) => x.version === v)?.metrics.rmse ?? NaN;
    expect(rmse(1)).toBeGreaterThan(rmse(3));
    const auc = (v: number) =>
      penguins.find((x) => x.version === v)?.metrics.auc ?? NaN;
    expect(auc(3)).toBeGreaterThan(auc(1));
    expect(auc(3)).toBeLessThan(1);
    expect(getModelDetail(SYSTEM_ACTOR, "penguins-sex").aliases).toEqual([
      { alias: "champion", version: 3 },
    ]);
    // The demo went through the real approval flow.
    expect(cars.map((v) => [v.version, v.stage])).toEqual([
      [3, "production"],
      [2, "staging"],
      [1, "archived"],
    ]);
    const open = listRequests(SYSTEM_ACTOR, { status: "open" });
    expect(open.map((r) => [r.model, r.version, r.to_stage])).toEqual([
      ["cars-mpg", 2, "production"],
    ]);
    expect(
      open[0]?.gates.find((g) => g.gate === "beats production on rmse")?.pass,
    ).toBe(false);
    expect(
      listArtifacts(SYSTEM_ACTOR, "cars-mpg", "3").map((a) => a.path),
    ).toEqual(["model.json", "model.onnx", "reference_sample.csv"]);
    // A second start changes nothing.
    await seedIfEmpty(() => {});
    expect(listVersions(SYSTEM_ACTOR, "cars-mpg").items).toHaveLength(3);
  });
});
