import { describe, expect, it } from "vitest";
import { durationUnit, formatDuration, inUnit } from "./duration";

const S = 1_000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe("durations in the unit of their magnitude", () => {
  it("writes each magnitude in its own unit", () => {
    expect(formatDuration(45 * S)).toBe("45 s");
    expect(formatDuration(12 * MIN)).toBe("12 min");
    expect(formatDuration(3.5 * H)).toBe("3.5 h");
    expect(formatDuration(2.1 * D)).toBe("2.1 d");
    expect(formatDuration(31 * D)).toBe("31 d");
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(300)).toBe("0.3 s");
  });

  it("picks one unit for a chart from its longest value, so every value of the axis agrees", () => {
    const waits = [40 * S, 90 * MIN, 5 * MIN];
    const unit = durationUnit(waits);
    expect(unit).toMatchObject({ short: "h", name: "hours" });
    expect(waits.map((w) => formatDuration(w, unit))).toEqual([
      "0.011 h",
      "1.5 h",
      "0.083 h",
    ]);
    expect(waits.map((w) => inUnit(w, unit))).toEqual([0.0111, 1.5, 0.0833]);
  });

  it("stays in seconds for an empty, zero or sub-second set, and ignores non-finite values", () => {
    expect(durationUnit([]).short).toBe("s");
    expect(durationUnit([0, 0]).short).toBe("s");
    expect(durationUnit([250]).short).toBe("s");
    expect(durationUnit([Number.NaN, 2 * MIN]).short).toBe("min");
  });

  it("switches unit at one whole unit of the longest value", () => {
    expect(durationUnit([59 * S]).short).toBe("s");
    expect(durationUnit([MIN]).short).toBe("min");
    expect(durationUnit([59 * MIN]).short).toBe("min");
    expect(durationUnit([H]).short).toBe("h");
    expect(durationUnit([23 * H]).short).toBe("h");
    expect(durationUnit([D]).short).toBe("d");
  });
});
