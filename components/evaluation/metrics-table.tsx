import { metricLabel } from "@/lib/evaluation/metric-names";
import { MetricChange } from "./metric-change";
import { formatMetric } from "@/lib/format";

/** Metrics with the change against production: arrow, sign and a "better/worse" word, not colour alone. */
export function MetricsTable({
  metrics,
  production,
}: {
  metrics: Record<string, number>;
  production: { version: number; metrics: Record<string, number> } | null;
}) {
  const keys = Object.keys(metrics).sort();
  return (
    // Four columns of numbers do not fit a phone's width: the table scrolls inside its card.
    <div className="overflow-x-auto">
      <table className="data-table text-sm" aria-label="Metrics">
        <thead>
          <tr>
            <th>Metric</th>
            <th className="num">Value</th>
            <th className="num">
              {production ? `Production v${production.version}` : "Production"}
            </th>
            <th className="num">Change</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const v = metrics[k] as number;
            const p = production?.metrics[k];
            return (
              <tr key={k}>
                <td>
                  {metricLabel(k)}{" "}
                  <span className="font-mono text-xs text-muted">{k}</span>
                </td>
                <td className="num">{formatMetric(v)}</td>
                <td className="num">
                  {p === undefined ? "—" : formatMetric(p)}
                </td>
                <td className="num">
                  <MetricChange metric={k} value={v} reference={p} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
