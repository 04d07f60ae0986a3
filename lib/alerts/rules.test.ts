import { describe, expect, it } from "vitest";
import { makeMonitoredDeployment, makeUser } from "@/lib/testing/factories";
import { writePoints } from "@/lib/monitoring/points";
import { evaluateAlerts } from "./evaluate";
import { createRule, listRules, updateRule } from "./rules";

describe("silencing an alert rule", () => {
  it("keeps a silenced rule from changing state until it is unsilenced", async () => {
    const ds = await makeUser("data_scientist");
    const dep = await makeMonitoredDeployment(ds, "silenced");
    const rule = createRule(ds, {
      name: "slow",
      deployment_id: dep.id,
      metric: "latency_ms",
      aggregation: "max",
      comparator: ">",
      threshold: 100,
      window_seconds: 60,
    });
    const now = Date.now();
    writePoints([
      { deploymentId: dep.id, name: "latency_ms", at: now - 1_000, value: 500 },
    ]);
    const silenced = updateRule(ds, rule.id, {
      silenced_until: now + 3_600_000,
    });
    expect(silenced.silenced_until).toBe(now + 3_600_000);
    evaluateAlerts(now);
    const stateOf = () =>
      listRules(ds).find((r) => r.id === rule.id)?.states[0]?.state;
    expect(stateOf()).toBeUndefined();
    expect(
      updateRule(ds, rule.id, { silenced_until: null }).silenced_until,
    ).toBeNull();
    // The next evaluation, after the unsilence.
    evaluateAlerts(Date.now());
    expect(stateOf()).toBe("firing");
  });

  it("changes only the fields a patch names: silencing keeps severity, for and auto-rollback", async () => {
    const ds = await makeUser("data_scientist");
    const dep = await makeMonitoredDeployment(ds, "silence-keeps");
    const rule = createRule(ds, {
      name: "critical errors",
      deployment_id: dep.id,
      metric: "error",
      aggregation: "rate",
      comparator: ">",
      threshold: 0.05,
      window_seconds: 300,
      for_seconds: 120,
      severity: "critical",
      auto_rollback: true,
    });
    const kept = {
      severity: "critical",
      for_seconds: 120,
      auto_rollback: true,
      threshold: 0.05,
    };
    expect(
      updateRule(ds, rule.id, { silenced_until: Date.now() + 60_000 }),
    ).toMatchObject(kept);
    expect(updateRule(ds, rule.id, { silenced_until: null })).toMatchObject(
      kept,
    );
    expect(updateRule(ds, rule.id, { active: false })).toMatchObject(kept);
  });

  it("a rule pending when silenced holds for its full 'for' again after the silence before it fires", async () => {
    const ds = await makeUser("data_scientist");
    const dep = await makeMonitoredDeployment(ds, "silence-pending");
    const rule = createRule(ds, {
      name: "slow for 5 minutes",
      deployment_id: dep.id,
      metric: "latency_ms",
      aggregation: "max",
      comparator: ">",
      threshold: 100,
      window_seconds: 3_600,
      for_seconds: 300,
    });
    const t0 = Date.now();
    writePoints([
      { deploymentId: dep.id, name: "latency_ms", at: t0 - 1_000, value: 500 },
    ]);
    const stateOf = () =>
      listRules(ds).find((r) => r.id === rule.id)?.states[0]?.state;
    evaluateAlerts(t0);
    expect(stateOf()).toBe("pending");
    updateRule(ds, rule.id, { silenced_until: t0 + 60_000 });
    // 5.5 minutes after the breach began, 4.5 after the silence ended: still pending; it fires
    // once five minutes have passed since the silence.
    evaluateAlerts(t0 + 330_000);
    expect(stateOf()).toBe("pending");
    evaluateAlerts(t0 + 361_000);
    expect(stateOf()).toBe("firing");
  });

  it("refuses a silence in the past or beyond 30 days by its field, and other roles", async () => {
    const ds = await makeUser("data_scientist");
    const reviewer = await makeUser("reviewer");
    const dep = await makeMonitoredDeployment(ds, "silence-bounds");
    const rule = createRule(ds, {
      name: "errors",
      deployment_id: dep.id,
      metric: "error",
      aggregation: "rate",
      comparator: ">",
      threshold: 1,
      window_seconds: 60,
    });
    for (const t of [Date.now() - 1_000, Date.now() + 31 * 86_400_000])
      expect(() => updateRule(ds, rule.id, { silenced_until: t })).toThrow(
        /silenced_until/,
      );
    expect(() =>
      updateRule(reviewer, rule.id, { silenced_until: Date.now() + 60_000 }),
    ).toThrow();
    expect(listRules(ds).find((r) => r.id === rule.id)?.silenced_until).toBe(
      null,
    );
  });
});
