import { describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { createDeployment } from "@/lib/deployments/deployments";
import { approveRequest } from "@/lib/lifecycle/decisions";
import { requestRollback, requestTransition } from "@/lib/lifecycle/requests";
import { writePoints } from "@/lib/monitoring/points";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { makeUser } from "@/lib/testing/factories";
import { parseDashboardFilters } from "./filters";
import { productionHealth } from "./health";
import { headline } from "./headline";
import { breakdowns, waitingLongest } from "./portfolio";
import { throughput } from "./throughput";
import { monthlyReport } from "./monthly-report";
import { portfolioCsv, PORTFOLIO_COLUMNS } from "./portfolio-csv";

describe("manager dashboard", () => {
  it("counts the filtered portfolio, the process over the range, production health, and exports it", async () => {
    const ds = await makeUser("data_scientist");
    const [r1, r2] = [await makeUser("reviewer"), await makeUser("reviewer")];
    const manager = await makeUser("manager");
    const promote = (
      name: string,
      version: number,
      kind: "transition" | "rollback" = "transition",
    ) => {
      const req =
        kind === "rollback"
          ? requestRollback(ds, name)
          : requestTransition(ds, name, version, { to_stage: "production" });
      approveRequest(r1, req.id);
      approveRequest(r2, req.id);
    };
    // Team "fraud": two classifiers; one regression model of team "pricing" must not count.
    createModel(ds, {
      name: "fraud-a",
      task: "classification",
      tags: { team: "fraud" },
    });
    createModel(ds, {
      name: "fraud-b",
      task: "classification",
      tags: { team: "fraud" },
    });
    createModel(ds, {
      name: "price-a",
      task: "regression",
      tags: { team: "pricing" },
    });
    for (let i = 0; i < 3; i++)
      createVersion(ds, "fraud-a", { metrics: { accuracy: 0.8 + i / 100 } });
    createVersion(ds, "fraud-b", {});
    createVersion(ds, "price-a", {});
    promote("fraud-a", 1);
    promote("fraud-a", 2);
    promote("fraud-a", 0, "rollback"); // back to v1
    requestTransition(ds, "fraud-b", 1, { to_stage: "staging" });
    promote("price-a", 1);

    const f = parseDashboardFilters({ team: "fraud" });
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
    expect(
      headline(manager, parseDashboardFilters({})).models_in_production,
    ).toBe(2);
    expect(
      headline(manager, parseDashboardFilters({ task: "regression" }))
        .models_by_status.active,
    ).toBe(1);

    const t = throughput(manager, f);
    expect(t.weeks.reduce((a, w) => a + w.registered, 0)).toBe(4);
    expect(t.weeks.reduce((a, w) => a + w.promotions, 0)).toBe(2);
    expect(t.weeks.reduce((a, w) => a + w.rollbacks, 0)).toBe(1);
    expect(t.funnel).toEqual({ registered: 4, staging: 2, production: 2 });
    expect(t.lead_time.reduce((a, l) => a + l.promotions, 0)).toBe(2);
    expect(t.review_wait.reduce((a, r) => a + r.resolved, 0)).toBe(3);
    // A range in the past holds none of it.
    const past = parseDashboardFilters({
      team: "fraud",
      from: "2020-01-01",
      to: "2020-03-01",
    });
    expect(throughput(manager, past).funnel.registered).toBe(0);

    // Health: a firing alert makes the production model red; live accuracy comes from feedback.
    const dep = createDeployment(ds, "fraud-a", {
      version: 1,
      environment: "production",
      target: "external",
      endpoint_url: "http://127.0.0.1:1/x",
    });
    const now = Date.now();
    writePoints(
      Array.from({ length: 10 }, (_, i) => ({
        deploymentId: dep.id,
        name: "live_accuracy",
        at: now - i * 1000,
        value: i < 7 ? 1 : 0,
      })),
    );
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
    getSqlite()
      .prepare(
        "insert into alert_rules (name, deployment_id, metric, aggregation, comparator, threshold, window_seconds, created_at, updated_at) values ('slow', ?, 'latency_ms', 'p95', '>', 1, 60, 0, 0)",
      )
      .run(dep.id);
    getSqlite()
      .prepare(
        "insert into alerts (rule_id, deployment_id, state, updated_at) values ((select max(id) from alert_rules), ?, 'firing', 0)",
      )
      .run(dep.id);
    expect(productionHealth(manager, f, now).items[0]).toMatchObject({
      health: "red",
      reasons: ["alert slow firing"],
    });
    expect(headline(manager, f).alerts_firing).toBe(1);
    expect(
      headline(manager, parseDashboardFilters({ team: "pricing" }))
        .alerts_firing,
    ).toBe(0);

    expect(breakdowns(manager, parseDashboardFilters({})).by_team).toEqual(
      expect.arrayContaining([
        { label: "fraud", models: 2 },
        { label: "pricing", models: 1 },
      ]),
    );
    expect(waitingLongest(manager, f)).toMatchObject([
      { model: "fraud-b", version: 1, to_stage: "staging" },
    ]);

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
    expect(() => monthlyReport(manager, "2026-13", f)).toThrow(
      /month must look like/,
    );
    expect(monthlyReport(manager, "2020-01", f).promotions).toEqual([]);
  });
});
