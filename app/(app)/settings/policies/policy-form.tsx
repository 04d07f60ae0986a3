"use client";
import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import { Field, TextArea } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { errorsUnder } from "@/components/ui/form-state";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/http/action";
import { savePolicyAction } from "./actions";

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

/** Edits one policy; a bad gate expression comes back naming the problem. */
export function PolicyForm({ policy, id }: { policy: P; id: string }) {
  const [state, run] = useActionState<
    ActionResult<{ stage: string }> | null,
    FormData
  >(savePolicyAction, null);
  useEffect(() => {
    if (state?.ok) toast.success(`Policy for ${state.data.stage} saved`);
  }, [state]);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const gateErrors = errorsUnder(errors, "gates");
  const protectedErrors = errorsUnder(errors, "protected_aliases");
  return (
    <form
      action={run}
      className="space-y-3"
      noValidate
      aria-label={`Policy ${policy.model ?? "default"} ${policy.stage}`}
    >
      {policy.model === "" ? (
        <>
          <Field
            id={`${id}-model`}
            label="Model"
            name="model"
            required
            errors={errors?.model}
          />
          <label className="block text-sm font-medium">
            Stage
            <select
              name="stage"
              defaultValue="production"
              className="mt-1 block w-full rounded-md border border-border bg-surface px-3 py-1.5 text-sm"
            >
              <option value="staging">staging</option>
              <option value="production">production</option>
              <option value="archived">archived</option>
              <option value="retired">retired (retirement requests)</option>
            </select>
          </label>
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
        defaultValue={policy.requiredApprovals}
        errors={errors?.required_approvals}
      />
      {policy.stage === "retired" ? null : (
        <TextArea
          id={`${id}-gates`}
          label="Gates (one per line)"
          name="gates"
          rows={3}
          defaultValue={policy.gates.join("\n")}
          placeholder={"auc >= 0.85\nbeats production on auc"}
          errors={gateErrors}
        />
      )}
      <Field
        id={`${id}-approvers`}
        label="Only these approvers (user ids, optional)"
        name="approver_ids"
        defaultValue={policy.approverIds.join(", ")}
        hint="Empty: any reviewer. The requester can never approve."
      />
      {policy.stage === "production" || policy.model === "" ? (
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
      {policy.stage === "production" || policy.model === "" ? (
        <Field
          id={`${id}-protected`}
          label="Protected aliases"
          name="protected_aliases"
          defaultValue={policy.protectedAliases.join(", ")}
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
