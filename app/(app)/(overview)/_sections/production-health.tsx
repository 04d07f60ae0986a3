// The production models with their health (green, amber, red and why), live metric and evaluation.
import Link from "next/link";
import { HealthBadge } from "@/components/dashboard/health-badge";
import { EmptyState } from "@/components/ui/card";
import type { DashboardNow } from "@/lib/dashboard/dashboard";
import { versionHref } from "@/lib/registry/paths";
import { modelsHref } from "./links";
import { formatMetric } from "@/lib/format";

export function ProductionHealthTable({
  health,
  team,
}: {
  health: DashboardNow["health"];
  team: string | null;
}) {
  return (
    <section aria-labelledby="health-heading">
      <h2 id="health-heading" className="mb-2 text-sm font-semibold">
        Production models ({health.total})
      </h2>
      {health.items.length === 0 ? (
        <EmptyState title="Nothing in production">
          Versions reach production through an approved request (Reviews).
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-surface">
          <table className="data-table text-sm" aria-label="Production models">
            <thead>
              <tr>
                <th>Model</th>
                <th>Health</th>
                <th className="num">Live</th>
                <th className="num">Evaluation</th>
              </tr>
            </thead>
            <tbody>
              {health.items.map((p) => (
                <tr key={p.model}>
                  <td>
                    <Link
                      href={versionHref(p.model, p.version)}
                      className="text-accent hover:underline"
                    >
                      {p.model} v{p.version}
                    </Link>
                    <span className="block text-xs text-muted">
                      {p.owner ?? "no owner"}
                    </span>
                  </td>
                  <td>
                    <HealthBadge
                      id={encodeURIComponent(`${p.model}-${p.version}`)}
                      health={p.health}
                      reasons={p.reasons}
                    />
                  </td>
                  <td className="num">
                    {p.live.value === null
                      ? "—"
                      : `${p.live.metric === "accuracy" ? "acc" : "abs err"} ${formatMetric(p.live.value)}`}
                  </td>
                  <td className="num">
                    {p.live.evaluation === null
                      ? "—"
                      : formatMetric(p.live.evaluation)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {health.total > health.items.length ? (
            <Link
              href={modelsHref(team, "stage=production")}
              className="block border-t border-border px-3 py-2 text-sm text-accent underline"
            >
              All {health.total} production models
            </Link>
          ) : null}
        </div>
      )}
    </section>
  );
}
