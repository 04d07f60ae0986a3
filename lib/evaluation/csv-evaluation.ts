// A CSV file of predictions -> the raw evaluation body (y_true, y_score | y_pred, groups) that
// prepare.ts computes from, so a file is scored by the same code as the JSON API. Pure and
// client-safe: it runs in the evaluation's worker thread (the file may have a million rows), and
// its column guesses help the upload form. Every refusal names the column and the row.
import { CsvError, parseCsv } from "@/lib/csv";
import { DomainError } from "@/lib/errors";
import {
  MAX_CSV_ROWS,
  type CsvMapping,
  type RawInput,
} from "./evaluation.validation";

const NUMBER = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;
const MAX_CELL = 256;

type Role = "label" | "score" | "prediction" | "slice";

/** The raw body of the file's rows under `mapping`, or a DomainError naming the column and row. */
export function rawBodyFromCsv(text: string, mapping: CsvMapping): RawInput {
  let table;
  try {
    table = parseCsv(text, { maxRows: MAX_CSV_ROWS });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new DomainError(
      error.message.startsWith("The file has more") ? "too_large" : "invalid",
      error.message,
      { fields: { file: [error.message] }, row: error.row },
    );
  }
  if (table.rows.length === 0)
    throw new DomainError("invalid", "The file has a header but no rows", {
      fields: { file: ["No data rows"] },
    });
  const columnOf = (role: Role, name: string): string[] => {
    const k = table.header.indexOf(name);
    if (k < 0)
      throw new DomainError(
        "invalid",
        `The ${role} column '${name}' is not in the file; its columns are ${table.header.map((h) => `'${h}'`).join(", ")}`,
        { fields: { [role]: [`No column '${name}'`] } },
      );
    return table.rows.map((r) => r[k] as string);
  };
  const fail = (role: Role, name: string, i: number, why: string): never => {
    const row = table.rowNumbers[i] as number;
    throw new DomainError(
      "invalid",
      `Row ${row}, column '${name}' (${role}): ${why}`,
      { fields: { [role]: [`Row ${row}: ${why}`] }, row, column: name },
    );
  };
  const labels = (role: Role, name: string): (string | number)[] => {
    const cells = columnOf(role, name).map((c) => c.trim());
    cells.forEach((c, i) => {
      if (c === "") fail(role, name, i, "empty");
      if (c.length > MAX_CELL)
        fail(role, name, i, `longer than ${MAX_CELL} characters`);
    });
    // A column of numbers stays numbers (a regression's values); anything else is class labels.
    return cells.every((c) => NUMBER.test(c)) ? cells.map(Number) : cells;
  };
  const body: RawInput = {
    dataset: mapping.dataset,
    split: mapping.split,
    y_true: labels("label", mapping.label),
  };
  if (mapping.score) {
    const name = mapping.score;
    body.y_score = columnOf("score", name).map((c, i) => {
      const v = NUMBER.test(c) ? Number(c) : NaN;
      if (!Number.isFinite(v))
        fail(
          "score",
          name,
          i,
          c.trim() === ""
            ? "empty (a score must be a number)"
            : `'${c.slice(0, 40)}' is not a number`,
        );
      return v;
    });
  }
  if (mapping.prediction)
    body.y_pred = labels("prediction", mapping.prediction);
  if (mapping.slice) {
    const name = mapping.slice;
    body.groups = {
      [name]: columnOf("slice", name).map((c, i) => {
        const v = c.trim();
        if (v.length > MAX_CELL)
          fail("slice", name, i, `longer than ${MAX_CELL} characters`);
        return v === "" ? null : v;
      }),
    };
  }
  if (mapping.positive_label) body.positive_label = mapping.positive_label;
  return body;
}

/** Column names a file's header most likely uses for each role (the upload form's first choice). */
export function guessColumns(header: string[]): {
  label?: string;
  score?: string;
  prediction?: string;
} {
  const find = (...names: string[]) =>
    header.find((h) => names.includes(h.toLowerCase().replace(/[\s-]+/g, "_")));
  return {
    label: find("y_true", "label", "target", "actual", "truth", "y", "class"),
    score: find(
      "y_score",
      "score",
      "probability",
      "prob",
      "proba",
      "p",
      "y_prob",
    ),
    prediction: find("y_pred", "prediction", "predicted", "pred", "yhat"),
  };
}
