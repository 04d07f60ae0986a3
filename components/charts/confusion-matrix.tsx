"use client";
import { ChartCard, NumberTable } from "./chart-card";

/** Confusion matrix as a heat map: each cell shows its count and its share of the actual class (row). */
export function ConfusionMatrix({
  labels,
  matrix,
}: {
  labels: string[];
  matrix: number[][];
}) {
  const rowTotals = matrix.map((r) => r.reduce((a, b) => a + b, 0));
  const pct = (i: number, j: number) =>
    rowTotals[i] ? ((matrix[i]?.[j] ?? 0) / (rowTotals[i] as number)) * 100 : 0;
  return (
    <ChartCard
      title="Confusion matrix"
      height={Math.max(160, labels.length * 56 + 60)}
      chart={
        <div className="overflow-auto">
          <table className="text-xs" aria-label="Confusion matrix heat map">
            <thead>
              <tr>
                <th className="p-1 text-left font-normal text-muted">
                  actual ↓ / predicted →
                </th>
                {labels.map((l) => (
                  <th key={l} className="p-1 font-medium">
                    {l}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((rowLabel, i) => (
                <tr key={rowLabel}>
                  <th scope="row" className="p-1 text-right font-medium">
                    {rowLabel}
                  </th>
                  {labels.map((_, j) => {
                    const p = pct(i, j);
                    return (
                      <td key={j} className="p-0.5">
                        <div
                          className="flex h-12 min-w-20 flex-col items-center justify-center rounded"
                          style={{
                            background: `color-mix(in srgb, var(--chart-1) ${Math.round(p)}%, var(--surface))`,
                            color: p > 55 ? "white" : "var(--foreground)",
                            outline:
                              i === j ? "2px solid var(--chart-3)" : undefined,
                          }}
                        >
                          <span className="font-semibold tabular-nums">
                            {matrix[i]?.[j] ?? 0}
                          </span>
                          <span className="tabular-nums">{p.toFixed(1)}%</span>
                        </div>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      }
      table={
        <NumberTable
          caption="Confusion matrix"
          columns={["actual \\ predicted", ...labels]}
          rows={labels.map((l, i) => [l, ...(matrix[i] ?? [])])}
        />
      }
    />
  );
}
