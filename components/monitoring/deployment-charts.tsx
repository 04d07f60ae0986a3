"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { Threshold } from "@/components/charts/axes";
import { CurveChart } from "@/components/charts/curve-chart";
import { deploymentSeriesQuery } from "@/lib/queries/options";
import { DriftTable } from "./drift-table";
import type { SeriesPoint } from "@/lib/monitoring/series";

const RANGES = ["1h", "24h", "7d", "30d"];
/** The PSI bands of lib/drift/stats.ts's psiBand: amber from 0.1, red above 0.25. */
const DRIFT_THRESHOLDS: Threshold[] = [
  { value: 0.1, label: "moderate (0.1)", level: "warning" },
  { value: 0.25, label: "significant (0.25)", level: "danger" },
];

/**
 * Throughput, latency percentiles and error rate of one deployment, refreshed every 5 s (the page
 * prefetches `deploymentSeriesQuery(id, range)`).
 */
export function DeploymentCharts({ id, range }: { id: number; range: string }) {
  const { data } = useQuery(deploymentSeriesQuery(id, range));
  if (!data) return null;
  // Time on the x axis counts back from the newest bucket the server returned.
  const last = data.points.at(-1)?.t ?? 0;
  const minutesAgo = (t: number) => (t - last) / 60_000;
  const xDomain: [number, number] = [
    Number(minutesAgo(data.points[0]?.t ?? last).toFixed(1)),
    0,
  ];
  const pts = (pick: (p: SeriesPoint) => number | null) =>
    data.points.flatMap((p) =>
      pick(p) === null
        ? []
        : [{ x: Number(minutesAgo(p.t).toFixed(1)), y: pick(p) as number }],
    );
  return (
    <div className="space-y-4">
      <nav aria-label="Time range" className="flex gap-2 text-sm">
        {RANGES.map((r) => (
          <Link
            key={r}
            href={`?range=${r}`}
            aria-current={r === range ? "true" : undefined}
            className={
              r === range
                ? "rounded-md bg-accent/10 px-2 py-1 font-semibold text-accent"
                : "rounded-md px-2 py-1 hover:bg-background"
            }
          >
            {r}
          </Link>
        ))}
      </nav>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <CurveChart
          xDomain={xDomain}
          title="Throughput"
          xLabel="Minutes from now"
          yLabel="Requests per minute"
          series={[{ name: "requests/min", points: pts((p) => p.per_minute) }]}
        />
        <CurveChart
          xDomain={xDomain}
          title="Latency"
          xLabel="Minutes from now"
          yLabel="Milliseconds"
          series={[
            { name: "p50", points: pts((p) => p.p50) },
            { name: "p95", points: pts((p) => p.p95) },
            { name: "p99", points: pts((p) => p.p99) },
          ]}
          empty="No requests in this range yet."
        />
        <CurveChart
          xDomain={xDomain}
          yDomain={[0, 1]}
          title="Error rate"
          xLabel="Minutes from now"
          yLabel="Share of requests"
          series={[{ name: "errors", points: pts((p) => p.error_rate) }]}
          empty="No requests in this range yet."
        />
        <CurveChart
          xDomain={xDomain}
          title={
            data.live.metric === "live_accuracy"
              ? "Live accuracy (from feedback)"
              : "Live absolute error (from feedback)"
          }
          xLabel="Minutes from now"
          yLabel={
            data.live.metric === "live_accuracy" ? "Accuracy" : "Absolute error"
          }
          series={[
            { name: "live", points: pts((p) => p.live) },
            ...(data.live.evaluation && pts((p) => p.live).length
              ? [
                  {
                    name: `evaluation ${data.live.evaluation.metric}`,
                    points: [
                      { x: xDomain[0], y: data.live.evaluation.value },
                      { x: 0, y: data.live.evaluation.value },
                    ],
                  },
                ]
              : []),
          ]}
          empty="No ground truth yet. Send it with POST /api/v1/deployments/{id}/feedback: {items: [{prediction_id, actual}]}."
        />
        <CurveChart
          xDomain={xDomain}
          title="Input drift over time (largest feature PSI)"
          xLabel="Minutes from now"
          yLabel="PSI"
          series={[{ name: "largest PSI", points: pts((p) => p.drift) }]}
          thresholds={pts((p) => p.drift).length ? DRIFT_THRESHOLDS : undefined}
          empty="Not measured yet: drift is computed every minute once the hour holds enough inputs and the version has a training reference."
        />
      </div>
      <DriftTable id={id} range={range} />
    </div>
  );
}
