import { MetricChange } from "@/components/evaluation/metric-change";
import { metricLabel } from "@/lib/evaluation/metric-names";
import { formatMetric } from "@/lib/format";
import type { RequestDto } from "@/lib/lifecycle/request-dto";

/** Gate results with a text mark as well as colour, so they read without colour too. */
export function GateList({ gates }: { gates: RequestDto["gates"] }) {
  if (gates.length === 0)
    return <p className="text-xs text-muted">No gates in this policy.</p>;
  return (
    <ul className="space-y-0.5 text-xs" aria-label="Gates">
      {gates.map((g) => (
        <li key={g.gate} className={g.pass ? "text-success" : "text-danger"}>
          <span aria-hidden="true">{g.pass ? "✓" : "✗"}</span>{" "}
          <span className="font-mono">{g.gate}</span>{" "}
          <span className="sr-only">{g.pass ? "passes" : "fails"}</span>
          <span className="text-muted"> — {g.detail}</span>
        </li>
      ))}
    </ul>
  );
}

/** The version's metrics next to the production version's, with the change marked by arrow and sign. */
export function MetricsVsProduction({
  request,
}: {
  request: Pick<RequestDto, "metrics" | "production" | "version">;
}) {
  const keys = [
    ...new Set([
      ...Object.keys(request.metrics),
      ...Object.keys(request.production?.metrics ?? {}),
    ]),
  ].sort();
  if (keys.length === 0)
    return <p className="text-xs text-muted">No metrics logged.</p>;
  return (
    <table className="data-table text-xs">
      <caption className="sr-only">Metrics against production</caption>
      <thead>
        <tr>
          <th>Metric</th>
          <th className="num">v{request.version}</th>
          <th className="num">
            {request.production
              ? `production v${request.production.version}`
              : "production"}
          </th>
          <th className="num">Change</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => {
          const mine = request.metrics[k];
          const theirs = request.production?.metrics[k];
          return (
            <tr key={k}>
              <td>
                {metricLabel(k)}{" "}
                <span className="font-mono text-muted">{k}</span>
              </td>
              <td className="num">{mine === undefined ? "—" : fmt(mine)}</td>
              <td className="num">
                {theirs === undefined ? "—" : fmt(theirs)}
              </td>
              <td className="num">
                <MetricChange metric={k} value={mine} reference={theirs} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : formatMetric(x);
}
