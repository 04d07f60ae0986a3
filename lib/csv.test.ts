import { describe, expect, it } from "vitest";
import { csvCell } from "./csv";

describe("csvCell", () => {
  it.each([
    // Formulas and what spreadsheets treat as their start: neutralised with a leading '.
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["-cmd", "'-cmd"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", '"\'\r=1+1"'],
    ["\n=1+1", '"\'\n=1+1"'],
    ["  =1+1", "'  =1+1"],
    ["\u3000=1+1", "'\u3000=1+1"],
    ["\uff1d1+1", "'\uff1d1+1"],
    ["\uff0b1", "'\uff0b1"],
    ["\uff0d1", "'\uff0d1"],
    ["\uff20SUM(A1)", "'\uff20SUM(A1)"],
    ["-Infinity", "'-Infinity"],
    ["-1e5-1", "'-1e5-1"],
    // Data stays data: negative numbers remain numbers.
    ["-0.12", "-0.12"],
    [-0.12, "-0.12"],
    ["-42", "-42"],
    ["-.5", "-.5"],
    ["-1.5e-7", "-1.5e-7"],
    ["0.12", "0.12"],
    ["a=b", "a=b"],
    ["user@example.com", "user@example.com"],
    [" leading space", " leading space"],
    ["", ""],
    [null, ""],
    ['say "hi", twice', '"say ""hi"", twice"'],
  ])("%j becomes %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
});
