import { describe, expect, it } from "vitest";
import { clearFailures, recordFailure, retryAfter } from "./rate-limit";

describe("sign-in rate limit", () => {
  it("refuses after 10 failures in 15 minutes, per key, until the window moves on", () => {
    const keys = ["email:a@x", "ip:1.2.3.4"];
    for (let i = 0; i < 9; i++) recordFailure(keys, 1_000 + i);
    expect(retryAfter(keys, 2_000)).toBe(0);
    recordFailure(keys, 2_000);
    expect(retryAfter(keys, 2_001)).toBeGreaterThan(890);
    expect(retryAfter(["email:b@x"], 2_001)).toBe(0);
    expect(retryAfter(keys, 1_000 + 15 * 60_000)).toBe(0);
    recordFailure(["email:c@x"], 0);
    clearFailures(["email:c@x"]);
    expect(retryAfter(["email:c@x"], 1)).toBe(0);
  });
});
