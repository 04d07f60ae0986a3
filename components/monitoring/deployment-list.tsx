"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { apiFetch } from "@/lib/api/client-fetch";
import type { DeploymentHealth } from "@/lib/monitoring/queries";
import { Sparkline } from "./sparkline";

/** Live deployments with their last hour, refreshed every few seconds while the page is open. */
export function DeploymentList({ initial }: { initial: DeploymentHealth[] }) {
  const { data } = useQuery({ queryKey: ["monitoring"], queryFn: () => apiFetch<{ deployments: DeploymentHealth[] }>("/api/v1/monitoring").then((r) => r.deployments), initialData: initial, refetchInterval: 5_000 });
  if (data.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-border bg-surface px-6 py-10 text-center">
        <p className="font-medium">No live deployments</p>
        <p className="mt-2 text-sm text-muted">Deploy a version with an ONNX artifact: POST /api/v1/models/&#123;name&#125;/deployments.</p>
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
            <th>Requests per minute</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.id} data-testid={`deployment-${d.id}`}>
              <td>
                <Link href={`/monitoring/${d.id}`} className="primary">
                  {d.model} v{d.version}
                </Link>
                <span className="muted text-xs"> #{d.id} · {d.target === "stageline" ? "built-in" : (d.platform ?? "external")}</span>
              </td>
              <td>{d.environment}</td>
              <td className="num" data-testid="requests-1h">{d.requests_1h}</td>
              <td className="num">{d.error_rate_1h === null ? "—" : `${(d.error_rate_1h * 100).toFixed(1)}%`}</td>
              <td className="num">{d.p95_1h === null ? "—" : `${d.p95_1h.toFixed(1)} ms`}</td>
              <td>
                <Sparkline values={d.sparkline} label={`Requests per minute over the last hour for ${d.model} v${d.version}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
