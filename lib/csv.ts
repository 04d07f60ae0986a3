// RFC 4180 CSV cells for exports (audit trail, portfolio).

// A cell a spreadsheet would read as a formula (OWASP "CSV injection"): it starts with = + - @, a
// TAB, CR or LF, or their fullwidth forms (＝＋－＠, which some locales' spreadsheets accept as
// formula starts), possibly after leading spaces (ordinary, no-break or ideographic), which
// spreadsheets skip when they look for a formula.
const FORMULA_START =
  /^(?:[\t\r\n]|[ \u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20])/;
// A plain negative number is data, not a formula, and must stay a number for the spreadsheet.
const NEGATIVE_NUMBER = /^-(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** One cell: quoted when needed; a would-be formula gets a leading ' so spreadsheets show it as text. */
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  const safe = FORMULA_START.test(s) && !NEGATIVE_NUMBER.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

// Reading: RFC 4180 CSV from an untrusted file (evaluation uploads, artifact previews). Every
// refusal names the row (as a spreadsheet numbers them: the header is row 1) and, where there is
// one, the column, so the file can be fixed where it is wrong.

export type CsvTable = {
  header: string[];
  rows: string[][];
  /** The spreadsheet row number of each of `rows` (a quoted field may span lines). */
  rowNumbers: number[];
  /** True when rows were left off: past `maxRows` with "truncate", or a cut-off last row of a partial text. */
  truncated: boolean;
};

export type CsvOptions = {
  delimiter?: "," | "\t" | ";";
  /** At most this many data rows (beyond: an error, or with `overflow: "truncate"` the rest is left off). */
  maxRows?: number;
  overflow?: "error" | "truncate";
  maxColumns?: number;
  /** The text is the start of a longer file (a preview): its last, possibly cut-off row is dropped. */
  partial?: boolean;
};

export class CsvError extends Error {
  constructor(
    message: string,
    readonly row: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = "CsvError";
  }
}

/** Parses CSV text into its header and rows, or throws a CsvError naming the row (and column). */
export function parseCsv(text: string, options: CsvOptions = {}): CsvTable {
  const {
    delimiter = ",",
    maxRows = Infinity,
    overflow = "error",
    maxColumns = 1000,
    partial = false,
  } = options;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: { fields: string[]; row: number }[] = [];
  let truncated = false;
  let header: string[] | null = null;
  let i = 0;
  let line = 1;
  const n = src.length;
  while (i < n) {
    const row = line;
    const fields: string[] = [];
    let field = "";
    let ended = false;
    let cut = false;
    // One record: fields until an unquoted line break or the end of the text.
    for (;;) {
      if (i >= n) break;
      if (src[i] === '"' && field === "") {
        i++;
        let closed = false;
        while (i < n) {
          const c = src[i];
          if (c === '"') {
            if (src[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === "\n") line++;
          field += c;
          i++;
        }
        if (!closed) {
          if (partial) {
            cut = true;
            break;
          }
          throw new CsvError(
            `Row ${row}: a quoted field is never closed (a " is missing)`,
            row,
            header?.[fields.length],
          );
        }
        const next = src[i];
        if (i < n && next !== delimiter && next !== "\n" && next !== "\r")
          throw new CsvError(
            `Row ${row}${columnOf(header, fields.length)}: text after a closing quote (write "" for a quote inside a quoted field)`,
            row,
            header?.[fields.length],
          );
      }
      const c = src[i];
      if (c === delimiter) {
        fields.push(field);
        field = "";
        i++;
        if (fields.length > maxColumns)
          throw new CsvError(
            `Row ${row} has more than ${maxColumns} columns`,
            row,
          );
        continue;
      }
      if (c === "\r" || c === "\n") {
        i += c === "\r" && src[i + 1] === "\n" ? 2 : 1;
        line++;
        ended = true;
        break;
      }
      if (c === '"')
        throw new CsvError(
          `Row ${row}${columnOf(header, fields.length)}: a quote inside an unquoted field (quote the whole field and write "" for the quote)`,
          row,
          header?.[fields.length],
        );
      // Plain run up to the next special character, in one slice (fast on large files).
      let j = i;
      while (j < n) {
        const d = src[j];
        if (d === delimiter || d === "\n" || d === "\r" || d === '"') break;
        j++;
      }
      field += src.slice(i, j);
      i = j;
    }
    if (cut || (partial && !ended)) {
      truncated = true;
      break;
    }
    fields.push(field);
    // A blank line carries no record (a trailing newline, a gap between blocks).
    if (fields.length === 1 && fields[0] === "") continue;
    if (header === null) {
      header = checkedHeader(fields, row);
      continue;
    }
    if (fields.length !== header.length)
      throw new CsvError(
        `Row ${row} has ${fields.length} ${fields.length === 1 ? "field" : "fields"}; the header has ${header.length}`,
        row,
      );
    if (records.length >= maxRows) {
      if (overflow === "truncate") {
        truncated = true;
        break;
      }
      throw new CsvError(
        `The file has more than ${maxRows.toLocaleString("en-US")} data rows; at most ${maxRows.toLocaleString("en-US")} are accepted`,
        row,
      );
    }
    records.push({ fields, row });
  }
  if (header === null)
    throw new CsvError("The file is empty: it needs a header row", 1);
  return {
    header,
    rows: records.map((r) => r.fields),
    rowNumbers: records.map((r) => r.row),
    truncated,
  };
}

function checkedHeader(fields: string[], row: number): string[] {
  const names = fields.map((f) => f.trim());
  const seen = new Set<string>();
  names.forEach((name, k) => {
    if (name === "")
      throw new CsvError(
        `Row ${row} (the header): column ${k + 1} has no name`,
        row,
      );
    if (seen.has(name))
      throw new CsvError(
        `Row ${row} (the header): the column '${name}' appears twice`,
        row,
        name,
      );
    seen.add(name);
  });
  return names;
}

function columnOf(header: string[] | null, index: number): string {
  const name = header?.[index];
  return name === undefined ? `, field ${index + 1}` : `, column '${name}'`;
}
