"use client";
import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/http/action";

/** Deploys the version on the built-in endpoint in an environment (production needs the Production stage). */
export function DeployForm({
  action,
}: {
  action: (
    prev: ActionResult<{ id: number }> | null,
    form: FormData,
  ) => Promise<ActionResult<{ id: number }>>;
}) {
  const [state, run] = useActionState(action, null);
  useEffect(() => {
    if (state?.ok) toast.success(`Deployed (#${state.data.id})`);
    else if (state && !state.ok) toast.error(state.error);
  }, [state]);
  return (
    <form action={run} className="flex flex-wrap items-end gap-2" noValidate>
      <Field
        id="deploy-environment"
        label="Environment"
        name="environment"
        defaultValue="staging"
        errors={state && !state.ok ? state.fieldErrors?.environment : undefined}
      />
      <SubmitButton variant="secondary" pendingText="Deploying…">
        Deploy on the built-in endpoint
      </SubmitButton>
    </form>
  );
}
