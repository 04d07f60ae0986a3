import { MetricsTable } from "@/components/evaluation/metrics-table";
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

/** The version's metrics next to the production version's, as on the version page. */
export function MetricsVsProduction({
  request,
}: {
  request: Pick<RequestDto, "metrics" | "production" | "version">;
}) {
  return (
    <MetricsTable
      metrics={request.metrics}
      production={request.production}
      label={`v${request.version}`}
      caption="Metrics against production"
      compact
    />
  );
}
