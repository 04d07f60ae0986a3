"use client";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { alertRulesQuery } from "@/lib/queries/options";

const TONE = {
  firing: "danger",
  pending: "warning",
  no_data: "neutral",
  resolved: "success",
} as const;

/**
 * Alert rules with the live state per deployment, refreshed every few seconds (the page prefetches
 * `alertRulesQuery()`).
 */
export function AlertRules() {
  const { data } = useQuery(alertRulesQuery());
  if (!data) return null;
  if (data.length === 0)
    return (
      <p className="text-sm text-muted">
        No alert rules. Create one with POST /api/v1/alert-rules (see the API
        reference).
      </p>
    );
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface">
      <table className="data-table" aria-label="Alert rules">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Condition</th>
            <th>Scope</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {data.map((r) => (
            <tr key={r.id} data-testid={`alert-rule-${r.id}`}>
              <td>
                {r.name}{" "}
                <Badge
                  tone={
                    r.severity === "critical"
                      ? "danger"
                      : r.severity === "warning"
                        ? "warning"
                        : "neutral"
                  }
                >
                  {r.severity}
                </Badge>
                {r.runbook_url ? (
                  <a
                    href={r.runbook_url}
                    className="ml-1 text-xs text-accent underline"
                  >
                    runbook
                  </a>
                ) : null}
                {r.active ? null : (
                  <span className="muted text-xs"> (paused)</span>
                )}
              </td>
              <td className="font-mono text-xs">
                {r.aggregation}({r.metric}[{r.window_seconds}s]) {r.comparator}{" "}
                {r.threshold}
                {r.for_seconds ? ` for ${r.for_seconds}s` : ""}
              </td>
              <td>
                {r.deployment_id
                  ? `deployment #${r.deployment_id}`
                  : "all production deployments"}
              </td>
              <td>
                {r.states.length === 0 ? (
                  <span className="muted text-xs">ok</span>
                ) : null}
                {r.states.map((s) => (
                  <span
                    key={s.deployment_id}
                    className="mr-2 inline-flex items-center gap-1 text-xs"
                  >
                    #{s.deployment_id}{" "}
                    <Badge
                      tone={TONE[s.state as keyof typeof TONE] ?? "neutral"}
                    >
                      {s.state === "no_data" ? "no data" : s.state}
                    </Badge>
                    {s.value !== null ? (
                      <span className="tabular-nums">{s.value.toFixed(2)}</span>
                    ) : null}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
