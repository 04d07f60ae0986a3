// The alert rules that watch this deployment (its own, and those on every production deployment
// when it is one), with their state here; a role that may change rules gets the controls beside
// each and a form for a new one. Read and written through lib/alerts/rules.ts.
import { AlertRuleControls } from "@/components/monitoring/alert-rule-controls";
import { AlertRuleForm } from "@/components/monitoring/alert-rule-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { listRules } from "@/lib/alerts/rules";
import type { DeploymentDto } from "@/lib/deployments/deployments";
import { formatDateTime } from "@/lib/format";
import {
  createRuleAction,
  setRuleActiveAction,
  silenceRuleAction,
  unsilenceRuleAction,
  updateRuleAction,
} from "../../actions";

const TONE = {
  firing: "danger",
  pending: "warning",
  no_data: "warning",
  resolved: "success",
} as const;

export function AlertRulesCard({
  actor,
  deployment: d,
}: {
  actor: Actor;
  deployment: DeploymentDto;
}) {
  const rules = listRules(actor).filter(
    (r) =>
      r.deployment_id === d.id ||
      (r.deployment_id === null && d.environment === "production"),
  );
  const canEdit = can(actor, "versions.write");
  return (
    <Card className="mb-6" id="alert-rules">
      <h2 className="mb-2 text-sm font-semibold">Alert rules</h2>
      {rules.length === 0 ? (
        <p className="mb-3 text-sm text-muted">
          No rule watches this deployment.
          {canEdit ? " Add one below." : ""}
        </p>
      ) : (
        <ul className="mb-3 divide-y divide-border" aria-label="Alert rules">
          {rules.map((r) => {
            const here = r.states.find((s) => s.deployment_id === d.id);
            const state = here?.state ?? "ok";
            return (
              <li
                key={r.id}
                className="space-y-2 py-3"
                data-testid={`rule-${r.id}`}
              >
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <Badge
                    tone={
                      state === "ok"
                        ? "success"
                        : (TONE[state as keyof typeof TONE] ?? "neutral")
                    }
                  >
                    {state === "no_data" ? "no data" : state}
                  </Badge>
                  <span className="font-medium break-words">{r.name}</span>
                  <span
                    className={
                      r.severity === "critical"
                        ? "text-xs font-medium text-danger"
                        : "text-xs text-muted"
                    }
                  >
                    {r.severity} severity
                  </span>
                  {here?.value != null ? (
                    <span className="text-xs text-muted tabular-nums">
                      · last value {here.value.toFixed(3)}
                    </span>
                  ) : null}
                  {r.silenced_until ? (
                    <Badge tone="neutral">
                      silenced until {formatDateTime(r.silenced_until)}
                    </Badge>
                  ) : null}
                  {r.active ? null : <Badge tone="neutral">paused</Badge>}
                </div>
                <p className="font-mono text-xs break-words">
                  {r.aggregation}({r.metric}[{r.window_seconds}s]){" "}
                  {r.comparator} {r.threshold}
                  {r.for_seconds ? ` for ${r.for_seconds}s` : ""}
                  <span className="font-sans text-muted">
                    {" "}
                    ·{" "}
                    {r.deployment_id === null
                      ? "every production deployment"
                      : "this deployment"}
                    {r.auto_rollback ? " · requests a rollback" : ""}
                  </span>
                  {r.runbook_url ? (
                    <>
                      {" "}
                      <a
                        href={r.runbook_url}
                        className="font-sans text-accent underline"
                      >
                        runbook
                      </a>
                    </>
                  ) : null}
                </p>
                {canEdit ? (
                  <AlertRuleControls
                    ruleName={r.name}
                    silenced={r.silenced_until !== null}
                    active={r.active}
                    initial={r}
                    idPrefix={`rule-${r.id}`}
                    silence={silenceRuleAction.bind(null, d.id, r.id)}
                    unsilence={unsilenceRuleAction.bind(null, d.id, r.id)}
                    setActive={setRuleActiveAction.bind(null, d.id, r.id)}
                    update={updateRuleAction.bind(null, d.id, r.id)}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {canEdit ? (
        <details className="border-t border-border pt-3">
          <summary className="cursor-pointer text-sm font-medium">
            New alert rule
          </summary>
          <div className="mt-3">
            <AlertRuleForm
              action={createRuleAction.bind(null, d.id)}
              idPrefix="new-rule"
              submitLabel="Create rule"
              withScope
            />
          </div>
        </details>
      ) : null}
    </Card>
  );
}
