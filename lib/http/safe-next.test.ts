import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next";

// Each of these, once in a Location header, must leave the browser on this host.
describe("safeNextPath", () => {
  it.each([
    ["/models/churn", "/models/churn"],
    ["/models/churn?tab=versions#v2", "/models/churn?tab=versions#v2"],
    ["/models/a%2Fb", "/models/a%2Fb"],
    ["/", "/"],
    ["//evil.example", "/"],
    ["//evil.example/path", "/"],
    ["/\\evil.example", "/"],
    ["/\\/evil.example", "/"],
    ["\\\\evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["/\n/evil.example", "/"],
    ["/\r\n/evil.example", "/"],
    [" //evil.example", "/"],
    ["/%09/evil.example", "/%09/evil.example"],
    ["/%2F/evil.example", "/%2F/evil.example"],
    ["/.//evil.example", "/"],
    ["/./\\evil.example", "/"],
    ["/..//evil.example", "/"],
    ["https://evil.example", "/"],
    ["http:evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["data:text/html,<script>alert(1)</script>", "/"],
    ["evil.example", "/"],
    ["", "/"],
  ])("%j goes to %j", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it("refuses what is not one string (a repeated ?next=, a missing one)", () => {
    expect(safeNextPath(["/a", "//evil.example"])).toBe("/");
    expect(safeNextPath(undefined)).toBe("/");
    expect(safeNextPath(null)).toBe("/");
  });

  it("every answer is resolved by a browser to this host", () => {
    for (const next of [
      "/\\evil.example",
      "//evil.example",
      "/\t/evil.example",
      "/.//evil.example",
      "/%09/evil.example",
      "/models/x",
    ]) {
      expect(
        new URL(safeNextPath(next), "https://stageline.example").host,
      ).toBe("stageline.example");
    }
  });
});
