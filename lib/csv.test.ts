import { describe, expect, it } from "vitest";
import { CsvError, csvCell, parseCsv } from "./csv";

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

describe("parseCsv", () => {
  it("reads quoted fields, doubled quotes, CRLF, a BOM and blank lines", () => {
    const t = parseCsv(
      '\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",2\n',
    );
    expect(t.header).toEqual(["a", "b"]);
    expect(t.rows).toEqual([
      ["x, y", 'say "hi"'],
      ["multi\nline", "2"],
    ]);
    // Spreadsheet rows: the header is row 1, a blank line still counts.
    expect(t.rowNumbers).toEqual([2, 4]);
    expect(t.truncated).toBe(false);
  });

  it.each([
    ["a,b\n1,2\n3\n", "Row 3 has 1 field; the header has 2"],
    ['a,b\n1,"2\n', 'Row 2: a quoted field is never closed (a " is missing)'],
    ['a,b\n1,2"x"\n', "Row 2, column 'b': a quote inside an unquoted field"],
    ['a,b\n"1"x,2\n', "Row 2, column 'a': text after a closing quote"],
    ["a,a\n1,2\n", "the column 'a' appears twice"],
    ["a,,c\n1,2,3\n", "column 2 has no name"],
    ["", "The file is empty"],
  ])("refuses %j naming the row and column", (text, message) => {
    expect(() => parseCsv(text)).toThrow(CsvError);
    expect(() => parseCsv(text)).toThrow(message);
  });

  it("bounds the rows: an error, or the first rows of a preview", () => {
    const text = "x\n" + Array.from({ length: 10 }, (_, i) => i).join("\n");
    expect(() => parseCsv(text, { maxRows: 5 })).toThrow(
      "The file has more than 5 data rows",
    );
    const head = parseCsv(text, { maxRows: 5, overflow: "truncate" });
    expect(head.rows).toHaveLength(5);
    expect(head.truncated).toBe(true);
  });

  it("drops the cut-off last row of the start of a longer file", () => {
    const t = parseCsv('a,b\n1,2\n3,"fo', { partial: true });
    expect(t.rows).toEqual([["1", "2"]]);
    expect(t.truncated).toBe(true);
    expect(parseCsv("a,b\n1,2\n3,4", { partial: true }).rows).toEqual([
      ["1", "2"],
    ]);
  });

  it("reads tab-separated files", () => {
    expect(parseCsv("a\tb\n1\t2\n", { delimiter: "\t" }).rows).toEqual([
      ["1", "2"],
    ]);
  });
});
