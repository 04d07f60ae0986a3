"use client";
import { useActionState, useRef } from "react";
import { toast } from "sonner";
import { Field, SelectField } from "@/components/ui/field";
import { failedForm } from "@/components/ui/form-state";
import { SubmitButton } from "@/components/ui/submit-button";
import { useOutcomeToast } from "@/components/ui/use-outcome-toast";
import type { FormAction } from "@/lib/http/action";

/** The fields of a rule as the form starts them: a new rule's defaults, or the rule being edited. */
export type RuleValues = {
  name: string;
  metric: string;
  aggregation: string;
  comparator: string;
  threshold: number | string;
  window_seconds: number | string;
  for_seconds: number | string;
  severity: string;
  runbook_url: string | null;
  auto_rollback: boolean;
};

export const NEW_RULE: RuleValues = {
  name: "",
  metric: "latency_ms",
  aggregation: "p95",
  comparator: ">",
  threshold: "",
  window_seconds: 300,
  for_seconds: 60,
  severity: "warning",
  runbook_url: null,
  auto_rollback: false,
};

/** Metrics a deployment records on its own; others (feedback metrics, drift.psi_max) are typed. */
const METRICS = ["latency_ms", "error", "drift.psi_max"];

/**
 * One alert rule's fields (a new one, or an existing one to edit). Each field shows the error the
 * rule service named it with; the values come back after a failed submit.
 */
export function AlertRuleForm({
  action,
  initial = NEW_RULE,
  idPrefix,
  submitLabel,
  withScope,
  onDone,
}: {
  action: FormAction<{ id: number }>;
  /** The rule being edited; a new rule starts from NEW_RULE. */
  initial?: RuleValues;
  /** Distinct per form on the page, so each label points at its own input. */
  idPrefix: string;
  submitLabel: string;
  /** A new rule may watch this deployment or every production one; a rule's scope is then fixed. */
  withScope: boolean;
  onDone?: () => void;
}) {
  const [state, run] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  useOutcomeToast(state, (d) => {
    toast.success(withScope ? `Alert rule #${d.id} created` : "Rule saved");
    if (withScope) form.current?.reset();
    onDone?.();
  });
  const { errors, values } = failedForm(state);
  const value = (k: keyof RuleValues) =>
    values ? (values[k] ?? "") : String(initial[k] ?? "");
  const id = (k: string) => `${idPrefix}-${k}`;
  // Remounting on each failed answer shows the echoed values (React resets a form after its action).
  return (
    <form
      ref={form}
      key={state && !state.ok ? JSON.stringify(values) : "form"}
      action={run}
      noValidate
      className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4"
      aria-label={submitLabel}
    >
      <Field
        id={id("name")}
        label="Name"
        name="name"
        defaultValue={value("name")}
        errors={errors?.name}
        className="sm:col-span-2"
        required
      />
      <Field
        id={id("metric")}
        label="Metric"
        name="metric"
        defaultValue={value("metric")}
        errors={errors?.metric}
        list={id("metrics")}
        hint="latency_ms, error, drift.psi_max or a feedback metric"
        autoComplete="off"
      />
      <datalist id={id("metrics")}>
        {METRICS.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      <SelectField
        id={id("aggregation")}
        label="Aggregation"
        name="aggregation"
        defaultValue={value("aggregation")}
        errors={errors?.aggregation}
      >
        <option value="avg">average</option>
        <option value="p95">95th percentile</option>
        <option value="p99">99th percentile</option>
        <option value="max">maximum</option>
        <option value="rate">rate (points per second)</option>
      </SelectField>
      <SelectField
        id={id("comparator")}
        label="Fires when the value is"
        name="comparator"
        defaultValue={value("comparator")}
        errors={errors?.comparator}
      >
        <option value=">">above (&gt;)</option>
        <option value=">=">at or above (≥)</option>
        <option value="<">below (&lt;)</option>
        <option value="<=">at or below (≤)</option>
      </SelectField>
      <Field
        id={id("threshold")}
        label="Threshold"
        name="threshold"
        inputMode="decimal"
        defaultValue={value("threshold")}
        errors={errors?.threshold}
      />
      <Field
        id={id("window_seconds")}
        label="Window (seconds)"
        name="window_seconds"
        inputMode="numeric"
        defaultValue={value("window_seconds")}
        errors={errors?.window_seconds}
        hint="10 to 86400"
      />
      <Field
        id={id("for_seconds")}
        label="Holds for (seconds)"
        name="for_seconds"
        inputMode="numeric"
        defaultValue={value("for_seconds")}
        errors={errors?.for_seconds}
        hint="before it fires; 0: at once"
      />
      <SelectField
        id={id("severity")}
        label="Severity"
        name="severity"
        defaultValue={value("severity")}
        errors={errors?.severity}
      >
        <option value="info">info</option>
        <option value="warning">warning</option>
        <option value="critical">critical</option>
      </SelectField>
      <Field
        id={id("runbook_url")}
        label="Runbook URL (optional)"
        name="runbook_url"
        type="url"
        defaultValue={value("runbook_url")}
        errors={errors?.runbook_url}
        className="sm:col-span-2"
      />
      {withScope ? (
        <SelectField
          id={id("scope")}
          label="Watches"
          name="scope"
          defaultValue={values?.scope ?? "this"}
        >
          <option value="this">this deployment</option>
          <option value="production">every production deployment</option>
        </SelectField>
      ) : null}
      <div className="flex items-center gap-2 self-end pb-1.5 text-sm">
        <input
          id={id("auto_rollback")}
          type="checkbox"
          name="auto_rollback"
          defaultChecked={
            values ? values.auto_rollback === "on" : initial.auto_rollback
          }
          className="h-4 w-4"
        />
        <label htmlFor={id("auto_rollback")}>
          Request a rollback when it fires
        </label>
      </div>
      <div className="sm:col-span-2 lg:col-span-4">
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </div>
    </form>
  );
}
