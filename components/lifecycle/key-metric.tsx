import { MetricChange } from "@/components/evaluation/metric-change";
import { metricLabel } from "@/lib/evaluation/metric-names";
import { formatMetric } from "@/lib/format";
import type { RequestDto } from "@/lib/lifecycle/request-dto";

/**
 * The one number a reviewer reads first: the model's key metric for this version against the
 * production version's, with the change in words and colour. Says so when there is no key metric
 * or nothing to compare with, rather than leaving a gap.
 */
export function KeyMetric({
  request: r,
}: {
  request: Pick<
    RequestDto,
    "key_metric" | "metrics" | "production" | "version"
  >;
}) {
  const key = r.key_metric;
  if (!key)
    return (
      <p className="text-xs text-muted">
        No key metric set for this model (its owner picks one on the model
        page).
      </p>
    );
  const value = r.metrics[key];
  const reference = r.production?.metrics[key];
  return (
    <p className="text-sm" data-testid="key-metric">
      <span className="text-xs font-semibold">Key metric</span>{" "}
      <span className="font-medium">{metricLabel(key)}</span>{" "}
      <span className="font-mono text-xs text-muted">{key}</span>
      <br />
      <span className="font-semibold tabular-nums">
        {value === undefined ? "not logged" : formatMetric(value)}
      </span>{" "}
      <span className="text-muted">
        {r.production
          ? `vs ${reference === undefined ? "not logged" : formatMetric(reference)} in production v${r.production.version}`
          : "(nothing in production to compare with)"}
      </span>{" "}
      {r.production && value !== undefined && reference !== undefined ? (
        <MetricChange metric={key} value={value} reference={reference} />
      ) : null}
    </p>
  );
}
