import { describe, expect, it } from "vitest";
import { evaluateGates, parseGate } from "./gates";

describe("gates", () => {
  it("parse comparisons and 'beats production', refusing anything else with a reason", () => {
    expect(parseGate("auc >= 0.85")).toMatchObject({
      kind: "compare",
      metric: "auc",
      op: ">=",
      value: 0.85,
    });
    expect(parseGate("rmse<4")).toMatchObject({ op: "<", value: 4 });
    expect(parseGate("Beats production on f1")).toMatchObject({
      kind: "beats_production",
      metric: "f1",
    });
    for (const bad of [
      "auc >=",
      "auc",
      "auc >= x",
      "1 > 0",
      "auc >= 0.8; drop table x",
      "auc >= 0.8 or 1=1",
      "",
    ])
      expect(parseGate(bad)).toHaveProperty("error");
  });

  it("evaluate against the version's metrics and the production version", () => {
    const results = evaluateGates(
      [
        "auc >= 0.85",
        "rmse <= 4",
        "beats production on auc",
        "beats production on rmse",
        "f1 > 0.5",
      ],
      { auc: 0.9, rmse: 5 },
      { version: 2, metrics: { auc: 0.88, rmse: 6 } },
    );
    expect(results.map((r) => r.pass)).toEqual([
      true,
      false,
      true,
      true,
      false,
    ]);
    expect(results[4]?.detail).toBe("f1 is not logged on this version");
    expect(
      evaluateGates(["beats production on auc"], { auc: 0.5 }, null)[0]?.pass,
    ).toBe(true);
  });
});
