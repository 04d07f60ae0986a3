import { describe, expect, it } from "vitest";
import { parseFilter } from "./filter";

describe("MLflow filter parser", () => {
  it("parses MLflow's filter forms", () => {
    expect(parseFilter("name = 'churn'")).toEqual([
      { kind: "attribute", key: "name", comparator: "=", value: "churn" },
    ]);
    expect(
      parseFilter("name ILIKE '%Churn%' and tags.team = \"risk\""),
    ).toEqual([
      { kind: "attribute", key: "name", comparator: "ILIKE", value: "%Churn%" },
      { kind: "tag", key: "team", comparator: "=", value: "risk" },
    ]);
    expect(parseFilter("tags.`a.b` != 'x' AND tags.c.d LIKE 'y%'")).toEqual([
      { kind: "tag", key: "a.b", comparator: "!=", value: "x" },
      { kind: "tag", key: "c.d", comparator: "LIKE", value: "y%" },
    ]);
    expect(parseFilter("run_id IN ('a', 'b') AND version_number >= 3")).toEqual(
      [
        {
          kind: "attribute",
          key: "run_id",
          comparator: "IN",
          value: ["a", "b"],
        },
        {
          kind: "attribute",
          key: "version_number",
          comparator: ">=",
          value: 3,
        },
      ],
    );
    expect(parseFilter("name = 'it''s'")).toEqual([
      { kind: "attribute", key: "name", comparator: "=", value: "it's" },
    ]);
    expect(parseFilter("  ")).toEqual([]);
  });

  it("rejects what it does not understand, naming the problem", () => {
    expect(() => parseFilter("name = 'a' OR name = 'b'")).toThrow(/only AND/);
    expect(() => parseFilter("name = 'a")).toThrow(/unbalanced quote/);
    expect(() =>
      parseFilter("name = 'a'; DROP TABLE registered_models"),
    ).toThrow(/unexpected character ';'/);
    expect(() => parseFilter("name")).toThrow(/expected a comparator/);
    expect(() => parseFilter("name = ")).toThrow(/missing value/);
    expect(() => parseFilter("name = x")).toThrow(/quoted strings or numbers/);
    expect(() => parseFilter("foo.bar = 'x'")).toThrow(/unknown key prefix/);
    expect(() => parseFilter("run_id IN 'a'")).toThrow(/IN needs a list/);
  });
});
