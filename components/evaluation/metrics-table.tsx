import { metricLabel } from "@/lib/evaluation/metric-names";
import { formatMetric } from "@/lib/format";
import { MetricChange } from "./metric-change";

/**
 * A version's metrics beside the production version's, with the change in words and colour (not
 * colour alone): on the version page and, compact, in each Reviews card. A metric only production
 * has is listed too, so a metric that went missing shows.
 */
export function MetricsTable({
  metrics,
  production,
  label = "Value",
  caption = "Metrics",
  compact = false,
}: {
  metrics: Record<string, number>;
  production: { version: number; metrics: Record<string, number> } | null;
  /** The version's column ("v3" in a review card). */
  label?: string;
  /** The table's accessible name. */
  caption?: string;
  compact?: boolean;
}) {
  const keys = [
    ...new Set([
      ...Object.keys(metrics),
      ...Object.keys(production?.metrics ?? {}),
    ]),
  ].sort();
  if (keys.length === 0)
    return <p className="text-xs text-muted">No metrics logged.</p>;
  const figure = (x: number | undefined) =>
    x === undefined ? "—" : formatMetric(x);
  return (
    // Four columns of numbers do not fit a phone's width: the table scrolls inside its card.
    <div className="overflow-x-auto">
      <table
        className={`data-table ${compact ? "text-xs" : "text-sm"}`}
        aria-label={caption}
      >
        <thead>
          <tr>
            <th>Metric</th>
            <th className="num">{label}</th>
            <th className="num">
              {production ? `Production v${production.version}` : "Production"}
            </th>
            <th className="num">Change</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k}>
              <td>
                {metricLabel(k)}{" "}
                <span className="font-mono text-xs text-muted">{k}</span>
              </td>
              <td className="num">{figure(metrics[k])}</td>
              <td className="num">{figure(production?.metrics[k])}</td>
              <td className="num">
                <MetricChange
                  metric={k}
                  value={metrics[k]}
                  reference={production?.metrics[k]}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
