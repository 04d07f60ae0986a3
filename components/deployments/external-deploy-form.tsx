"use client";
import { useActionState, useRef } from "react";
import { toast } from "sonner";
import { Field } from "@/components/ui/field";
import { failedForm } from "@/components/ui/form-state";
import { SubmitButton } from "@/components/ui/submit-button";
import { useOutcomeToast } from "@/components/ui/use-outcome-toast";
import type { FormAction } from "@/lib/http/action";

/**
 * Records that the version runs outside Stageline (SageMaker, Vertex AI, KServe, a service of the
 * team's own): where, and in which environment. Stageline does not call it; the platform pushes
 * its metrics to the deployment's monitoring page.
 */
export function ExternalDeployForm({
  action,
}: {
  action: FormAction<{ id: number }>;
}) {
  const [state, run] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  useOutcomeToast(state, (d) => {
    toast.success(`External deployment #${d.id} recorded`);
    form.current?.reset();
  });
  const { errors, values } = failedForm(state);
  return (
    <form
      ref={form}
      key={values ? JSON.stringify(values) : "form"}
      action={run}
      noValidate
      className="space-y-3"
      aria-label="Record an external deployment"
    >
      <Field
        id="external-environment"
        label="Environment"
        name="environment"
        defaultValue={values?.environment ?? "staging"}
        errors={errors?.environment}
      />
      <Field
        id="external-endpoint"
        label="Endpoint URL"
        name="endpoint_url"
        type="url"
        placeholder="https://"
        defaultValue={values?.endpoint_url}
        errors={errors?.endpoint_url}
      />
      <Field
        id="external-platform"
        label="Platform (optional)"
        name="platform"
        placeholder="SageMaker, Vertex AI, KServe…"
        defaultValue={values?.platform}
        errors={errors?.platform}
      />
      <SubmitButton variant="secondary" pendingText="Recording…">
        Record deployment
      </SubmitButton>
    </form>
  );
}
