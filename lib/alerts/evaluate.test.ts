import { describe, expect, it } from "vitest";
import { aggregate, transition } from "./evaluate";

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
  it("aggregates windows", () => {
    expect(aggregate([1, 2, 3, 4], "avg", 60)).toBe(2.5);
    expect(aggregate([1, 2, 3, 4], "max", 60)).toBe(4);
    expect(
      aggregate(
        Array.from({ length: 100 }, (_, i) => i + 1),
        "p95",
        60,
      ),
    ).toBe(95);
    expect(aggregate([1, 1, 1], "rate", 60)).toBe(0.05);
    expect(aggregate([], "avg", 60)).toBeNull();
  });
});
