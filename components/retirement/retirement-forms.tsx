"use client";
import type { ReactNode } from "react";
import { Field, SelectField, TextArea } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { SubmitButton } from "@/components/ui/submit-button";
import { useToastedAction } from "@/components/ui/use-outcome-toast";
import type { FormAction } from "@/lib/http/action";

/** A retirement form's server action, bound to its model/version by the page. */
export type RetirementAction = FormAction<{ id: number; status: string }>;

const CATEGORIES = [
  ["replaced", "Replaced by another model or version"],
  ["underperforming", "Underperforming"],
  ["compliance", "Compliance"],
  ["no_longer_needed", "No longer needed"],
] as const;

function CategorySelect({
  id,
  value,
  errors,
}: {
  id: string;
  value: string;
  errors?: string[];
}) {
  return (
    <SelectField
      id={id}
      label="Category"
      name="category"
      defaultValue={value}
      errors={errors}
    >
      {CATEGORIES.map(([v, label]) => (
        <option key={v} value={v}>
          {label}
        </option>
      ))}
    </SelectField>
  );
}

function useResult(
  action: RetirementAction,
  success: (r: { id: number; status: string }) => string,
) {
  const [state, run] = useToastedAction(action, success);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const values = state && !state.ok ? (state.values ?? {}) : {};
  return { state, run, errors, values };
}

/** The frame of each retirement form: its fields, the failure no field shows, and its button. A
 *  failed submit re-mounts the form (key) so the fields show the submitted values again. */
function RetirementForm({
  label,
  result: { state, run, values },
  errorTestId,
  confirm,
  submit: [variant, pendingText, submitLabel],
  children,
}: {
  label: string;
  result: ReturnType<typeof useResult>;
  errorTestId?: string;
  /** Asked before the action runs; the action does not run unless it is confirmed. */
  confirm?: string;
  /** The button's variant, its text while pending, and its label. */
  submit: ["danger" | "secondary", string, string];
  children: ReactNode;
}) {
  return (
    <form
      key={JSON.stringify(values)}
      action={run}
      onSubmit={(e) => {
        if (confirm !== undefined && !window.confirm(confirm))
          e.preventDefault();
      }}
      className="space-y-3"
      noValidate
      aria-label={label}
    >
      {children}
      <FormError state={state} besideFieldErrors={false} testId={errorTestId} />
      <SubmitButton variant={variant} pendingText={pendingText}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}

/** Asks reviewers to retire a version (or a whole model): reason, replacement, sunset date, retention. */
export function RequestRetirementForm({
  action,
  model,
  scope,
  defaultSunset,
  defaultRetention,
}: {
  action: RetirementAction;
  model: string;
  scope: "version" | "model";
  defaultSunset: string;
  defaultRetention: number;
}) {
  const result = useResult(
    action,
    () => "Retirement request sent to reviewers",
  );
  const { errors, values } = result;
  const p = `retire-${scope}`;
  return (
    <RetirementForm
      label="Request retirement"
      result={result}
      errorTestId="form-error"
      submit={["danger", "Requesting…", "Request retirement"]}
    >
      <CategorySelect
        id={`${p}-category`}
        value={values.category ?? "replaced"}
        errors={errors?.category}
      />
      <TextArea
        id={`${p}-reason`}
        label="Reason"
        name="reason"
        rows={2}
        defaultValue={values.reason}
        errors={errors?.reason}
      />
      <Field
        id={`${p}-replacement-model`}
        label="Replacement model"
        name="replacement_model"
        defaultValue={
          values.replacement_model ?? (scope === "version" ? model : "")
        }
        errors={errors?.replacement_model}
        hint={
          scope === "version" ? "This model, or another one." : "Another model."
        }
      />
      <Field
        id={`${p}-replacement-version`}
        label="Replacement version"
        name="replacement_version"
        inputMode="numeric"
        defaultValue={values.replacement_version}
        errors={errors?.replacement_version}
        hint="Empty: the replacement model's production version."
      />
      <Field
        id={`${p}-sunset`}
        label="Sunset date"
        name="sunset_date"
        type="date"
        defaultValue={values.sunset_date ?? defaultSunset}
        errors={errors?.sunset_date}
        hint="Until then it is served with Deprecation and Sunset headers; after it, 410 Gone."
      />
      <Field
        id={`${p}-retention`}
        label="Retention (days after the sunset)"
        name="retention_days"
        type="number"
        min={0}
        max={3650}
        defaultValue={values.retention_days ?? defaultRetention}
        errors={errors?.retention_days}
      />
    </RetirementForm>
  );
}

/** An admin retires at once: deployments stop, aliases go, the endpoint answers 410. `warning`
 *  names what it stops; it is shown above the button and asked as a confirmation. */
export function RetireNowForm({
  action,
  scope,
  warning,
}: {
  action: RetirementAction;
  scope: "version" | "model";
  warning: string;
}) {
  const result = useResult(action, () => "Retired");
  const { errors, values } = result;
  const p = `retire-now-${scope}`;
  return (
    <RetirementForm
      label="Retire now"
      result={result}
      confirm={warning}
      submit={["danger", "Retiring…", "Retire now"]}
    >
      <p className="text-sm text-danger" data-testid="retire-now-warning">
        {warning}
      </p>
      <CategorySelect
        id={`${p}-category`}
        value={values.category ?? "no_longer_needed"}
        errors={errors?.category}
      />
      <TextArea
        id={`${p}-reason`}
        label="Reason (required, recorded as an override)"
        name="reason"
        rows={2}
        defaultValue={values.reason}
        errors={errors?.reason}
      />
    </RetirementForm>
  );
}

/** An admin undoes a retirement before its files are released. */
export function RestoreForm({ action }: { action: RetirementAction }) {
  const result = useResult(action, () => "Restored");
  const { errors, values } = result;
  return (
    <RetirementForm
      label="Restore"
      result={result}
      submit={["secondary", "Restoring…", "Restore"]}
    >
      <TextArea
        id="restore-reason"
        label="Reason for the restore"
        name="reason"
        rows={2}
        defaultValue={values.reason}
        errors={errors?.reason}
      />
    </RetirementForm>
  );
}
