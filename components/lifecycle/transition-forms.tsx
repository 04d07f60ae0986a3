"use client";
import { useActionState, useRef, useState } from "react";
import { toast } from "sonner";
import { SelectField, TextArea } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { SubmitButton } from "@/components/ui/submit-button";
import { TARGET_STAGES } from "@/db/enums";
import { STAGE_LABELS } from "@/lib/format";
import { useOutcomeToast } from "@/components/ui/use-outcome-toast";
import type { FormAction } from "@/lib/http/action";

type AddAction = FormAction<{ id: number }>;
const TARGETS = TARGET_STAGES.map(
  (stage) => [stage, STAGE_LABELS[stage]] as const,
);

/**
 * The next sensible step from a stage: Development to Staging, Staging to Production. From
 * Production (or Archived) there is no forward step, so nothing is chosen for the user: a demotion
 * is never one click away by default.
 */
function nextStage(current: string): string {
  if (current === "none") return "staging";
  if (current === "staging") return "production";
  return "";
}

export function RequestTransitionForm({
  action,
  current,
}: {
  action: AddAction;
  current: string;
}) {
  const [state, run] = useActionState(action, null);
  const ref = useRef<HTMLFormElement>(null);
  const [target, setTarget] = useState(nextStage(current));
  useOutcomeToast(state, (d) => {
    toast.success(`Request #${d.id} sent to reviewers`);
    ref.current?.reset();
  });
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const targets = TARGETS.filter(([v]) => v !== current);
  return (
    <form ref={ref} action={run} className="space-y-3" noValidate>
      <SelectField
        label="Move to"
        name="to_stage"
        value={target}
        onChange={(e) => setTarget(e.target.value)}
        errors={errors?.to_stage}
        required
      >
        {target === "" ? (
          <option value="" disabled>
            Choose a stage…
          </option>
        ) : null}
        {targets.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </SelectField>
      <TextArea
        label="Comment for reviewers"
        name="comment"
        rows={2}
        errors={errors?.comment}
      />
      <FormError state={state} besideFieldErrors={false} testId="form-error" />
      <SubmitButton pendingText="Requesting…" disabled={target === ""}>
        Request transition
      </SubmitButton>
    </form>
  );
}

export function OverrideForm({
  action,
  current,
}: {
  action: AddAction;
  current: string;
}) {
  const [state, run] = useActionState(action, null);
  useOutcomeToast(state, () => toast.success("Override applied"));
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={run} className="space-y-3" noValidate>
      <SelectField
        label="Apply now"
        name="to_stage"
        id="override-stage"
        defaultValue={current === "production" ? "archived" : "production"}
        errors={errors?.to_stage}
      >
        {TARGETS.filter(([v]) => v !== current).map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </SelectField>
      <TextArea
        label="Reason (required, shown as an override)"
        name="reason"
        id="override-reason"
        rows={2}
        errors={errors?.reason}
      />
      <SubmitButton variant="danger" pendingText="Applying…">
        Override
      </SubmitButton>
    </form>
  );
}
