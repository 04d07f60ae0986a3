"use client";
import { useState, type ReactNode } from "react";

/**
 * A chart with a title and a toggle to a table of the same numbers (for exact values and screen
 * readers). The chart area has a fixed height so the page does not jump while it renders.
 */
export function ChartCard({
  title,
  chart,
  table,
  empty,
  height = 260,
}: {
  title: string;
  chart: ReactNode;
  table: ReactNode;
  empty?: string | null;
  height?: number;
}) {
  const [asTable, setAsTable] = useState(false);
  return (
    <section
      className="rounded-lg border border-border bg-surface p-4"
      aria-label={title}
    >
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">{title}</h3>
        {empty ? null : (
          <button
            type="button"
            className="text-xs text-accent underline"
            aria-pressed={asTable}
            onClick={() => setAsTable((v) => !v)}
          >
            {asTable ? "Show chart" : "Show table"}
          </button>
        )}
      </div>
      {empty ? (
        <p className="text-sm text-muted">{empty}</p>
      ) : asTable ? (
        <div className="max-h-72 overflow-auto">{table}</div>
      ) : (
        <div style={{ height }} className="w-full">
          {chart}
        </div>
      )}
    </section>
  );
}

export function NumberTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: string[];
  rows: (string | number | null)[][];
}) {
  return (
    <table className="data-table text-xs">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((v, j) => (
              <td key={j} className={typeof v === "number" ? "num" : undefined}>
                {v === null ? "—" : typeof v === "number" ? fmt(v) : v}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function fmt(v: number): string {
  return Number.isInteger(v)
    ? String(v)
    : Math.abs(v) >= 1000
      ? v.toFixed(1)
      : v.toFixed(4);
}

/** Short axis ticks: at most three decimals, no trailing zeros. */
export function tick(v: number): string {
  return String(Number(v.toFixed(3)));
}
