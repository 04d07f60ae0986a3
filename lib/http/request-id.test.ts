import { describe, expect, it } from "vitest";
import { requestIdFrom } from "./request-id";

const id = (value?: string) =>
  requestIdFrom(
    new Headers(value === undefined ? {} : { "X-Request-Id": value }),
  );
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("X-Request-Id", () => {
  it("keeps a client's id made of 1-128 letters, digits and ._:-", () => {
    for (const ok of ["abc", "ci-build:42.7_x", "a".repeat(128), "0"])
      expect(id(ok)).toBe(ok);
  });

  it("replaces anything else with a server id and keeps nothing of it", () => {
    for (const bad of [
      "a".repeat(129),
      "<script>alert(1)</script>",
      '=HYPERLINK("http://evil")',
      "a b",
      "a\u00e9",
      "id,with,commas",
      "x/../y",
    ]) {
      const got = id(bad);
      expect(got).toMatch(UUID);
      expect(got).not.toContain(bad.slice(0, 4));
    }
    expect(id()).toMatch(UUID);
    expect(id("")).toMatch(UUID);
  });
});
