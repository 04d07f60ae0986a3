import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors";
import { guessColumns, rawBodyFromCsv } from "./csv-evaluation";
import { csvMappingSchema } from "./evaluation.validation";
import { prepareInput } from "./prepare";

const mapping = (m: Record<string, string>) =>
  csvMappingSchema.parse({ dataset: "holdout", ...m });

function refusal(fn: () => unknown): { message: string; fields: string[] } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError)
      return {
        message: e.message,
        fields: Object.keys(e.details?.fields ?? {}),
      };
    throw e;
  }
  throw new Error("expected a refusal");
}

const FILE = "id,y,p,sex\n1,1,0.9,f\n2,0,0.2,m\n3,1,0.6,m\n4,0,0.7,f\n";

describe("a CSV file of predictions", () => {
  it("becomes the raw body of its mapped columns", () => {
    expect(
      rawBodyFromCsv(FILE, mapping({ label: "y", score: "p", slice: "sex" })),
    ).toEqual({
      dataset: "holdout",
      split: "test",
      y_true: [1, 0, 1, 0],
      y_score: [0.9, 0.2, 0.6, 0.7],
      groups: { sex: ["f", "m", "m", "f"] },
    });
  });

  it("is computed by the same code as raw predictions sent as JSON", () => {
    const fromCsv = prepareInput({
      csv: { text: FILE, mapping: mapping({ label: "y", score: "p" }) },
    });
    const fromJson = prepareInput({
      body: {
        dataset: "holdout",
        y_true: [1, 0, 1, 0],
        y_score: [0.9, 0.2, 0.6, 0.7],
      },
    });
    expect(fromCsv.result.metrics).toEqual(fromJson.result.metrics);
    expect(fromCsv.result.metrics.auc).toBe(0.75);
  });

  it("keeps labels as text and numbers as numbers (a regression)", () => {
    const reg = prepareInput({
      csv: {
        text: "t,yhat\n1.5,1.4\n2.5,2.9\n3,3.1\n",
        mapping: mapping({ label: "t", prediction: "yhat" }),
      },
    });
    expect(reg.result.task).toBe("regression");
    const cls = rawBodyFromCsv(
      "t,yhat\ncat,dog\ndog,dog\n",
      mapping({ label: "t", prediction: "yhat" }),
    );
    expect(cls.y_true).toEqual(["cat", "dog"]);
  });

  it.each([
    [
      "id,y,p\n1,1,0.9\n2,0,high\n",
      { label: "y", score: "p" },
      "Row 3, column 'p' (score): 'high' is not a number",
      "score",
    ],
    [
      "id,y,p\n1,1,0.9\n2,,0.1\n",
      { label: "y", score: "p" },
      "Row 3, column 'y' (label): empty",
      "label",
    ],
    [
      "id,y,p\n1,1,0.9\n",
      { label: "truth", score: "p" },
      "The label column 'truth' is not in the file; its columns are 'id', 'y', 'p'",
      "label",
    ],
    [
      "id,y,p\n1,1,0.9\n2,0\n",
      { label: "y", score: "p" },
      "Row 3 has 2 fields; the header has 3",
      "file",
    ],
    ["id,y,p\n", { label: "y", score: "p" }, "no rows", "file"],
  ])("%j is refused naming the row and column", (text, m, message, field) => {
    const r = refusal(() => rawBodyFromCsv(text, mapping(m)));
    expect(r.message).toContain(message);
    expect(r.fields).toEqual([field]);
  });

  it("needs exactly one column of predictions, other than the label", () => {
    const issues = (m: Record<string, string>) =>
      csvMappingSchema
        .safeParse({ dataset: "d", ...m })
        .error?.issues.map((i) => i.path.join("."));
    expect(issues({ label: "y" })).toEqual(["score"]);
    expect(issues({ label: "y", score: "p", prediction: "q" })).toEqual([
      "prediction",
    ]);
    expect(issues({ label: "y", score: "y" })).toEqual(["score"]);
    expect(issues({ label: "y", score: "p", slice: "p" })).toEqual(["slice"]);
    expect(issues({ label: "y", score: "p" })).toBeUndefined();
  });

  it("guesses the usual column names", () => {
    expect(guessColumns(["ID", "Label", "y_score", "y_pred"])).toEqual({
      label: "Label",
      score: "y_score",
      prediction: "y_pred",
    });
  });
});
