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
