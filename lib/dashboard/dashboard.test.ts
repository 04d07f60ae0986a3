// One portfolio, built once through the services, read by each widget of the manager dashboard.
// The tests in "once an alert fires" run after the others (vitest runs a file's tests in order)
// and add a firing alert in their own beforeAll, so the tests before them see production healthy.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import type { DeploymentDto } from "@/lib/deployments/deployments";
import { writePoints } from "@/lib/monitoring/points";
import {
  makeDeployment,
  makeFiringAlert,
  makeModel,
  makeRequest,
  makeRollback,
  makeUser,
  makeVersion,
} from "@/lib/testing/factories";
import { parseDashboardFilters, type DashboardFilters } from "./filters";
import { productionHealth } from "./health";
import { headline } from "./headline";
import { breakdowns, waitingLongest } from "./portfolio";
import { throughput } from "./throughput";
import { monthlyReport } from "./monthly-report";
import { portfolioCsv, PORTFOLIO_COLUMNS } from "./portfolio-csv";

describe("manager dashboard", () => {
  let ds: Actor;
  let manager: Actor;
  let dep: DeploymentDto;
  let now: number;
  /** Team "fraud", the filter most tests read through. */
  let f: DashboardFilters;

  beforeAll(async () => {
    ds = await makeUser("data_scientist");
    const reviewers = [await makeUser("reviewer"), await makeUser("reviewer")];
    manager = await makeUser("manager");
    // Team "fraud": two classifiers; one regression model of team "pricing" must not count.
    const fraudA = makeModel(ds, {
      name: "fraud-a",
      task: "classification",
      tags: { team: "fraud" },
    });
    const fraudB = makeModel(ds, {
      name: "fraud-b",
      task: "classification",
      tags: { team: "fraud" },
    });
    const priceA = makeModel(ds, {
      name: "price-a",
      task: "regression",
      tags: { team: "pricing" },
    });
    const [a1, a2] = [
      await makeVersion(ds, fraudA, { metrics: { accuracy: 0.8 } }),
      await makeVersion(ds, fraudA, { metrics: { accuracy: 0.81 } }),
      await makeVersion(ds, fraudA, { metrics: { accuracy: 0.82 } }),
    ];
    const b1 = await makeVersion(ds, fraudB);
    const p1 = await makeVersion(ds, priceA);
    makeRequest(ds, a1, "production", { approvedBy: reviewers });
    makeRequest(ds, a2, "production", { approvedBy: reviewers });
    makeRollback(ds, "fraud-a", { approvedBy: reviewers }); // back to v1
    makeRequest(ds, b1, "staging"); // left open
    makeRequest(ds, p1, "production", { approvedBy: reviewers });

    // Live accuracy comes from feedback: 7 of the last 10 predictions of fraud-a v1 were right.
    dep = makeDeployment(ds, a1);
    now = Date.now();
    writePoints(
      Array.from({ length: 10 }, (_, i) => ({
        deploymentId: dep.id,
        name: "live_accuracy",
        at: now - i * 1000,
        value: i < 7 ? 1 : 0,
      })),
    );
    f = parseDashboardFilters({ team: "fraud" });
  });

  it("refuses a filter with an impossible date or an unknown task, naming the field", () => {
    expect(() => parseDashboardFilters({ from: "2026-13-01" })).toThrow(
      expect.objectContaining({
        details: { fields: { from: expect.any(Array) } },
      }),
    );
    expect(() => parseDashboardFilters({ task: "ranking" })).toThrow(
      expect.objectContaining({
        details: { fields: { task: expect.any(Array) } },
      }),
    );
  });

  it("headline figures count the filtered portfolio: models by status, versions by stage, production, open requests", () => {
    const h = headline(manager, f);
    expect(h.models_by_status).toEqual({
      active: 2,
      deprecated: 0,
      retired: 0,
    });
    expect(h.versions_by_stage).toEqual({
      none: 2,
      staging: 0,
      production: 1,
      archived: 1,
      retired: 0,
    });
    expect(h.models_in_production).toBe(1);
    expect(h.open_requests).toBe(1);
    expect(h.oldest_open_request_age_ms).toBeGreaterThanOrEqual(0);
  });

  it("headline figures follow the team and task filters", () => {
    expect(
      headline(manager, parseDashboardFilters({})).models_in_production,
    ).toBe(2);
    expect(
      headline(manager, parseDashboardFilters({ task: "regression" }))
        .models_by_status.active,
    ).toBe(1);
  });

  it("throughput series count registrations, promotions, rollbacks, the funnel, lead time and review wait", () => {
    const t = throughput(manager, f);
    expect(t.weeks.reduce((a, w) => a + w.registered, 0)).toBe(4);
    expect(t.weeks.reduce((a, w) => a + w.promotions, 0)).toBe(2);
    expect(t.weeks.reduce((a, w) => a + w.rollbacks, 0)).toBe(1);
    expect(t.funnel).toEqual({ registered: 4, staging: 2, production: 2 });
    expect(t.lead_time.reduce((a, l) => a + l.promotions, 0)).toBe(2);
    expect(t.review_wait.reduce((a, r) => a + r.resolved, 0)).toBe(3);
  });

  it("throughput over a range in the past holds none of it", () => {
    const past = parseDashboardFilters({
      team: "fraud",
      from: "2020-01-01",
      to: "2020-03-01",
    });
    expect(throughput(manager, past).funnel.registered).toBe(0);
  });

  it("production health is green without alerts, with live accuracy from feedback beside the evaluation's", () => {
    expect(productionHealth(manager, f, now).items[0]).toMatchObject({
      model: "fraud-a",
      version: 1,
      health: "green",
      live: { metric: "accuracy", evaluation: 0.8 },
    });
    expect(productionHealth(manager, f, now).items[0]?.live.value).toBeCloseTo(
      0.7,
      9,
    );
  });

  it("production health is amber, saying why, for a production version nothing serves", () => {
    expect(
      productionHealth(manager, parseDashboardFilters({ team: "pricing" }), now)
        .items,
    ).toMatchObject([
      {
        model: "price-a",
        health: "amber",
        reasons: ["not deployed: no live deployment serves it"],
      },
    ]);
  });

  it("production health lists the worst first: amber before green", () => {
    expect(
      productionHealth(manager, parseDashboardFilters({}), now).items.map(
        (h) => [h.model, h.health],
      ),
    ).toEqual([
      ["price-a", "amber"],
      ["fraud-a", "green"],
    ]);
  });

  it("portfolio breakdowns count models per team, and the longest-waiting requests are the filtered ones", () => {
    expect(breakdowns(manager, parseDashboardFilters({})).by_team).toEqual(
      expect.arrayContaining([
        { label: "fraud", models: 2 },
        { label: "pricing", models: 1 },
      ]),
    );
    expect(waitingLongest(manager, f)).toMatchObject([
      { model: "fraud-b", version: 1, to_stage: "staging" },
    ]);
  });

  it("the monthly report lists the month's promotions and rollbacks and counts registrations", () => {
    const month = new Date(now).toISOString().slice(0, 7);
    const report = monthlyReport(manager, month, f);
    expect(
      report.promotions.map((p) => [p.model, p.version, p.rollback]),
    ).toEqual([
      ["fraud-a", 1, false],
      ["fraud-a", 2, false],
      ["fraud-a", 1, true],
    ]);
    expect(report.registered).toBe(4);
  });

  it("the monthly report refuses a malformed month and is empty for a month without activity", () => {
    expect(() => monthlyReport(manager, "2026-13", f)).toThrow(
      /month must look like/,
    );
    expect(monthlyReport(manager, "2020-01", f).promotions).toEqual([]);
  });

  describe("once an alert fires", () => {
    beforeAll(() => {
      makeFiringAlert(ds, dep, { name: "slow", now });
    });

    it("production health turns red and names the alert", () => {
      expect(productionHealth(manager, f, now).items[0]).toMatchObject({
        health: "red",
        reasons: ["alert slow firing"],
      });
    });

    it("the headline counts the firing alert for its team only", () => {
      expect(headline(manager, f).alerts_firing).toBe(1);
      expect(
        headline(manager, parseDashboardFilters({ team: "pricing" }))
          .alerts_firing,
      ).toBe(0);
    });

    it("the portfolio CSV has a header and one row per model, with production version and live health", () => {
      const csv = portfolioCsv(manager, f).trim().split("\r\n");
      expect(csv[0]).toBe(PORTFOLIO_COLUMNS.join(","));
      expect(csv).toHaveLength(3);
      const row = Object.fromEntries(
        PORTFOLIO_COLUMNS.map((c, i) => [c, csv[1]?.split(",")[i]]),
      );
      expect(row).toMatchObject({
        model: "fraud-a",
        team: "fraud",
        production_version: "1",
        live_health: "red",
        status: "active",
      });
    });
  });
});
