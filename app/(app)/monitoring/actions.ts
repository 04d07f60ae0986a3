"use server";
// The deployment page's alert-rule controls: create, edit, silence and pause, each through the one
// rule service (lib/alerts/rules.ts), which checks the role and validates by field.
import { createRule, updateRule } from "@/lib/alerts/rules";
import {
  runAddForm,
  runChange,
  runFormAction,
  type ActionResult,
} from "@/lib/http/action";

const pageOf = (deploymentId: number) => `/monitoring/${deploymentId}`;

export async function createRuleAction(
  deploymentId: number,
  _prev: ActionResult<{ id: number }> | null,
  form: FormData,
) {
  return runAddForm(form, pageOf(deploymentId), (actor, v) =>
    createRule(actor, {
      ...ruleFields(v),
      // A rule made here watches this deployment unless it is asked to watch every production one.
      deployment_id: v.scope === "production" ? null : deploymentId,
    }),
  );
}

export async function updateRuleAction(
  deploymentId: number,
  ruleId: number,
  _prev: ActionResult<{ id: number }> | null,
  form: FormData,
) {
  return runFormAction(
    form,
    (actor, v) => ({ id: updateRule(actor, ruleId, ruleFields(v)).id }),
    { refresh: [pageOf(deploymentId)] },
  );
}

export async function silenceRuleAction(
  deploymentId: number,
  ruleId: number,
  minutes: number,
): Promise<ActionResult<null>> {
  return runChange(pageOf(deploymentId), (actor) =>
    updateRule(actor, ruleId, {
      silenced_until: Date.now() + Math.round(minutes) * 60_000,
    }),
  );
}

export async function unsilenceRuleAction(
  deploymentId: number,
  ruleId: number,
): Promise<ActionResult<null>> {
  return runChange(pageOf(deploymentId), (actor) =>
    updateRule(actor, ruleId, { silenced_until: null }),
  );
}

export async function setRuleActiveAction(
  deploymentId: number,
  ruleId: number,
  active: boolean,
): Promise<ActionResult<null>> {
  return runChange(pageOf(deploymentId), (actor) =>
    updateRule(actor, ruleId, { active }),
  );
}

/** The form's strings as the rule's input: numbers as numbers (a blank one stays missing, which the
 *  service names), the checkbox as a boolean (unticked sends nothing, which means false). */
function ruleFields(v: Record<string, string>) {
  return {
    name: v.name,
    metric: v.metric,
    aggregation: v.aggregation,
    comparator: v.comparator,
    threshold: numberOf(v.threshold),
    window_seconds: numberOf(v.window_seconds),
    for_seconds: numberOf(v.for_seconds) ?? 0,
    severity: v.severity,
    runbook_url: v.runbook_url,
    auto_rollback: v.auto_rollback === "on",
  };
}

function numberOf(s: string | undefined): number | undefined {
  return s === undefined ? undefined : Number(s);
}
