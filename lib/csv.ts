// RFC 4180 CSV cells for exports (audit trail, portfolio).

/** One cell: quoted when needed; a leading = + - @ is prefixed so spreadsheets do not run it as a formula. */
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
