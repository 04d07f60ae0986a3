"use client";
import { useState, type ReactNode } from "react";

/**
 * A chart with a title and a toggle to a table of the same numbers (for exact values and screen
 * readers). The chart area has a fixed height so the page does not jump while it renders ("auto"
 * for a chart of HTML parts that sizes itself); the axis titles sit above and under it.
 */
export function ChartCard({
  title,
  chart,
  table,
  empty,
  height = 260,
  axisTitles,
}: {
  title: string;
  chart: ReactNode;
  table: ReactNode;
  empty?: string | null;
  height?: number | "auto";
  /** `y`: the value axis of columns and curves, shown above; `x`: the axis under the plot. */
  axisTitles?: { x?: string; y?: string };
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
        <div>
          {axisTitles?.y ? (
            <AxisTitle side="top">{axisTitles.y}</AxisTitle>
          ) : null}
          <div
            style={height === "auto" ? undefined : { height }}
            className="w-full"
          >
            {chart}
          </div>
          {axisTitles?.x ? (
            <AxisTitle side="bottom">{axisTitles.x}</AxisTitle>
          ) : null}
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

/**
 * An axis title above the plot (the value axis, read first) or under it (the x axis), in HTML: an
 * SVG label has no room of its own and was cut at the card's edge ("Requests per minut"), where
 * this wraps at 390 px.
 */
export function AxisTitle({
  children,
  side,
}: {
  children: string;
  side: "top" | "bottom";
}) {
  return (
    <p
      className={
        side === "top" ? "text-xs text-muted" : "text-right text-xs text-muted"
      }
      data-axis-title={side}
    >
      {side === "top" ? <span aria-hidden="true">↑ </span> : null}
      {children}
      {side === "bottom" ? <span aria-hidden="true"> →</span> : null}
    </p>
  );
}
