"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { deploymentHealthQuery } from "@/lib/queries/options";
import { Sparkline } from "./sparkline";
import { Badge } from "@/components/ui/badge";
import { MIN_ROWS } from "@/lib/drift/constants";
import { formatMetric } from "@/lib/format";

/**
 * Live deployments with their last hour, refreshed every few seconds while the page is open (the
 * page prefetches `deploymentHealthQuery()`).
 */
export function DeploymentList() {
  const { data } = useQuery(deploymentHealthQuery());
  if (!data) return null;
  if (data.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-border bg-surface px-6 py-10 text-center">
        <p className="font-medium">No live deployments</p>
        <p className="mt-2 text-sm text-muted">
          Deploy a version with an ONNX artifact: POST
          /api/v1/models/&#123;name&#125;/deployments.
        </p>
      </div>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface">
      <table className="data-table" aria-label="Live deployments">
        <thead>
          <tr>
            <th>Deployment</th>
            <th>Environment</th>
            <th className="num">Requests (1h)</th>
            <th className="num">Error rate</th>
            <th className="num">p95 latency</th>
            <th className="num">Live quality</th>
            <th>Input drift</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => {
            const what = `${d.model} v${d.version}`;
            const liveName =
              d.live_1h.metric === "live_accuracy" ? "accuracy" : "abs. error";
            return (
              <tr key={d.id} data-testid={`deployment-${d.id}`}>
                <td>
                  <Link href={`/monitoring/${d.id}`} className="primary">
                    {what}
                  </Link>
                  <span className="muted text-xs">
                    {" "}
                    #{d.id} ·{" "}
                    {d.target === "stageline"
                      ? "built-in"
                      : (d.platform ?? "external")}
                  </span>
                </td>
                <td>{d.environment}</td>
                <Cell
                  value={String(d.requests_1h)}
                  testId="requests-1h"
                  series={d.sparkline}
                  label={`Requests per minute over the last hour for ${what}`}
                />
                <Cell
                  value={
                    d.error_rate_1h === null
                      ? "—"
                      : `${(d.error_rate_1h * 100).toFixed(1)}%`
                  }
                  series={d.series.error_rate}
                  label={`Error rate per minute for ${what}`}
                />
                <Cell
                  value={d.p95_1h === null ? "—" : `${d.p95_1h.toFixed(1)} ms`}
                  series={d.series.p95}
                  label={`p95 latency per minute for ${what}`}
                />
                <Cell
                  value={
                    d.live_1h.value === null
                      ? "no feedback"
                      : `${liveName} ${formatMetric(d.live_1h.value)}`
                  }
                  series={d.series.live}
                  label={`Live ${liveName} per minute for ${what}`}
                />
                <td data-testid="drift">
                  {d.drift.band ? (
                    <Badge tone={TONE[d.drift.band]}>
                      {d.drift.band} · PSI {d.drift.psi_max?.toFixed(2)}
                    </Badge>
                  ) : (
                    <span className="text-xs text-muted">not measured</span>
                  )}
                  <Sparkline
                    values={d.series.drift}
                    label={`Largest input PSI per minute for ${what}`}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="border-t border-border px-4 py-2 text-xs text-muted">
        Last hour, per minute. Drift is the largest population stability index
        over the input features (below 0.1 stable, 0.1–0.25 moderate, above 0.25
        significant), measured every minute once a deployment has {MIN_ROWS}{" "}
        inputs in the hour and a training reference.
      </p>
    </div>
  );
}

const TONE = {
  stable: "success",
  moderate: "warning",
  significant: "danger",
} as const;

function Cell({
  value,
  series,
  label,
  testId,
}: {
  value: string;
  series: (number | null)[];
  label: string;
  testId?: string;
}) {
  return (
    <td className="num">
      <span data-testid={testId}>{value}</span>
      <Sparkline values={series} label={label} className="ml-auto" />
    </td>
  );
}
