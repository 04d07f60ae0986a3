import { describe, expect, it } from "vitest";
import { judgeHealth, type HealthEvidence } from "./health-rule";

const served: HealthEvidence = {
  deployments: 1,
  alerts: [],
  psi: 0.02,
  requests: 120,
  feedback: 0,
  days: 7,
};

describe("a production version's health", () => {
  it("is green only when it is served, has live data and nothing is wrong", () => {
    expect(judgeHealth(served)).toEqual({ health: "green", reasons: [] });
    expect(judgeHealth({ ...served, requests: 0, feedback: 5 }).health).toBe(
      "green",
    );
  });

  it("is amber, saying why, when nothing serves it or nothing was measured", () => {
    expect(judgeHealth({ ...served, deployments: 0, requests: 0 })).toEqual({
      health: "amber",
      reasons: ["not deployed: no live deployment serves it"],
    });
    expect(judgeHealth({ ...served, requests: 0, psi: null })).toEqual({
      health: "amber",
      reasons: ["no live data: no requests or feedback in 7 days"],
    });
  });

  it("is amber for a pending or silent alert and moderate drift, red for a firing one or significant drift", () => {
    expect(
      judgeHealth({ ...served, alerts: [{ name: "slow", state: "pending" }] }),
    ).toEqual({ health: "amber", reasons: ["alert slow pending"] });
    expect(
      judgeHealth({ ...served, alerts: [{ name: "quiet", state: "no_data" }] })
        .reasons,
    ).toEqual(["alert quiet no data"]);
    expect(judgeHealth({ ...served, psi: 0.1 })).toEqual({
      health: "amber",
      reasons: ["input drift moderate (PSI 0.10)"],
    });
    expect(
      judgeHealth({ ...served, alerts: [{ name: "slow", state: "firing" }] })
        .health,
    ).toBe("red");
    expect(judgeHealth({ ...served, psi: 0.26 })).toEqual({
      health: "red",
      reasons: ["input drift significant (PSI 0.26)"],
    });
  });

  it("ignores resolved alerts and keeps every reason when several apply", () => {
    expect(
      judgeHealth({ ...served, alerts: [{ name: "old", state: "resolved" }] })
        .health,
    ).toBe("green");
    expect(
      judgeHealth({
        ...served,
        requests: 0,
        alerts: [{ name: "slow", state: "firing" }],
      }),
    ).toEqual({
      health: "red",
      reasons: [
        "no live data: no requests or feedback in 7 days",
        "alert slow firing",
      ],
    });
  });
});
