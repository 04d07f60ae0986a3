import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { writePoints } from "@/lib/monitoring/points";
import { makeMonitoredDeployment, makeUser } from "@/lib/testing/factories";
import { transition } from "./evaluate";
import { windowAggregate } from "./window";

describe("alert state machine", () => {
  const ok = { state: null, pendingSince: null };
  it("goes pending, then firing after `for`, then resolved", () => {
    const p = transition(ok, 50, true, 30_000, 1_000);
    expect(p).toEqual({ state: "pending", pendingSince: 1_000 });
    expect(transition(p, 50, true, 30_000, 20_000)).toEqual({
      state: "pending",
      pendingSince: 1_000,
    });
    const f = transition(p, 50, true, 30_000, 31_000);
    expect(f.state).toBe("firing");
    expect(transition(f, 50, true, 30_000, 40_000).state).toBe("firing");
    expect(transition(f, 5, false, 30_000, 41_000).state).toBe("resolved");
  });
  it("fires at once with for = 0, and a pending alert that recovers is quiet", () => {
    expect(transition(ok, 9, true, 0, 5).state).toBe("firing");
    expect(
      transition({ state: "pending", pendingSince: 1 }, 1, false, 10, 2).state,
    ).toBe("resolved");
    expect(transition(ok, 1, false, 10, 2).state).toBeNull();
  });
  it("has a no-data state of its own while pending or firing", () => {
    expect(
      transition({ state: "firing", pendingSince: 1 }, null, false, 0, 2).state,
    ).toBe("no_data");
    expect(transition(ok, null, false, 0, 2).state).toBeNull();
  });
  it("aggregates a window of points, 300,000 of them included, and only those inside it", async () => {
    const ds = await makeUser("data_scientist");
    const dep = await makeMonitoredDeployment(ds, "alerted");
    const now = Date.now();
    const at = (
      agg: "avg" | "max" | "rate" | "p95" | "p99",
      name = "latency_ms",
      windowSeconds = 60,
    ) => windowAggregate(getDb(), dep.id, name, agg, windowSeconds, now);
    expect(at("avg")).toBeNull();
    // 1..100 inside the last minute, and an outlier before the window that no aggregate may see.
    writePoints([
      {
        deploymentId: dep.id,
        name: "latency_ms",
        at: now - 61_000,
        value: 1e6,
      },
      ...Array.from({ length: 100 }, (_, i) => ({
        deploymentId: dep.id,
        name: "latency_ms",
        at: now - 59_000 + i * 100,
        value: ((i * 37) % 100) + 1,
      })),
    ]);
    expect(at("avg")).toBe(50.5);
    expect(at("max")).toBe(100);
    expect(at("p95")).toBe(95);
    expect(at("p99")).toBe(99);
    expect(at("rate")).toBeCloseTo(100 / 60);
    expect(at("max", "error")).toBeNull();
    // A busy window: 300,000 points (spreading them into Math.max once overflowed the stack).
    const many = Array.from({ length: 300_000 }, (_, i) => ({
      deploymentId: dep.id,
      name: "busy",
      at: now - 250_000 + (i % 250_000),
      value: i % 1000,
    }));
    writePoints(many);
    expect(at("max", "busy", 300)).toBe(999);
    expect(at("p99", "busy", 300)).toBe(989);
    expect(at("rate", "busy", 300)).toBeCloseTo(300_000 / 300);
  });
});
