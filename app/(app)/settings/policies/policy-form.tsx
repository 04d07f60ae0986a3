"use client";
import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import {
  Field,
  inputClass,
  SelectField,
  TextArea,
} from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { errorsUnder, failedForm } from "@/components/ui/form-state";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/http/action";
import type { ApproverChoice } from "@/lib/lifecycle/policy-choices";
import { savePolicyAction } from "./actions";
import { ApproverPicker } from "./approver-picker";

type P = {
  model: string | null;
  stage: string;
  requiredApprovals: number;
  gates: string[];
  approverIds: string[];
  singleVersion: boolean;
  championFollows: boolean;
  protectedAliases: string[];
};

/** Edits one policy; a bad gate expression comes back naming the problem. `models` is set for the
 *  new-override form only: the models it can be for. */
export function PolicyForm({
  policy,
  id,
  people,
  models,
}: {
  policy: P;
  id: string;
  people: ApproverChoice[];
  models?: string[];
}) {
  const [state, run] = useActionState<
    ActionResult<{ stage: string }> | null,
    FormData
  >(savePolicyAction, null);
  useEffect(() => {
    if (state?.ok) toast.success(`Policy for ${state.data.stage} saved`);
  }, [state]);
  const { errors, values } = failedForm(state);
  const gateErrors = errorsUnder(errors, "gates");
  const protectedErrors = errorsUnder(errors, "protected_aliases");
  return (
    <form
      action={run}
      className="space-y-3"
      noValidate
      aria-label={
        models
          ? "New override"
          : `Policy ${policy.model ?? "default"} ${policy.stage}`
      }
    >
      {models ? (
        <>
          <input type="hidden" name="override" value="new" />
          <SelectField
            id={`${id}-model`}
            label="Model"
            name="model"
            required
            defaultValue={values?.model ?? ""}
            errors={errors?.model}
            hint={models.length === 0 ? "No models registered yet." : undefined}
          >
            <option value="">Choose a model…</option>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </SelectField>
          <SelectField
            id={`${id}-stage`}
            label="Stage"
            name="stage"
            defaultValue={values?.stage ?? "production"}
          >
            <option value="staging">staging</option>
            <option value="production">production</option>
            <option value="archived">archived</option>
            <option value="retired">retired (retirement requests)</option>
          </SelectField>
        </>
      ) : (
        <>
          <input type="hidden" name="stage" value={policy.stage} />
          {policy.model ? (
            <input type="hidden" name="model" value={policy.model} />
          ) : null}
        </>
      )}
      <Field
        id={`${id}-approvals`}
        label="Required approvals"
        name="required_approvals"
        type="number"
        min={0}
        max={10}
        // After a refused save, what was typed (React resets the form after its action).
        defaultValue={values?.required_approvals ?? policy.requiredApprovals}
        errors={errors?.required_approvals}
      />
      {policy.stage === "retired" ? null : (
        <TextArea
          id={`${id}-gates`}
          label="Gates (one per line)"
          name="gates"
          rows={3}
          defaultValue={values?.gates ?? policy.gates.join("\n")}
          // A hint, not a value: "e.g." and italics, so an empty list never reads as a real gate.
          placeholder="e.g. accuracy >= 0.9"
          className={`${inputClass} font-mono placeholder:font-sans placeholder:italic`}
          hint="e.g. accuracy >= 0.9, rmse <= 2.5 or beats production on accuracy. Empty: no gates."
          errors={gateErrors}
        />
      )}
      <ApproverPicker
        id={id}
        people={people}
        selected={policy.approverIds}
        errors={errors?.approver_ids}
      />
      {policy.stage === "production" || models ? (
        <div className="space-y-1 text-sm">
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              name="single_version"
              defaultChecked={policy.singleVersion}
            />{" "}
            One production version: archive the previous one
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              name="champion_follows"
              defaultChecked={policy.championFollows}
            />{" "}
            Move the champion alias to the production version
          </label>
        </div>
      ) : null}
      {policy.stage === "production" || models ? (
        <Field
          id={`${id}-protected`}
          label="Protected aliases"
          name="protected_aliases"
          defaultValue={
            values?.protected_aliases ?? policy.protectedAliases.join(", ")
          }
          hint="Comma-separated. These move only through a request approved under this policy (approvals and gates), never directly. Empty: none."
          errors={protectedErrors}
        />
      ) : null}
      <FormError state={state} />
      <SubmitButton variant="secondary" pendingText="Saving…">
        Save
      </SubmitButton>
    </form>
  );
}
