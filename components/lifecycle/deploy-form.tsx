"use client";
import { useActionState } from "react";
import { toast } from "sonner";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useOutcomeToast } from "@/components/ui/use-outcome-toast";
import type { FormAction } from "@/lib/http/action";

/** Deploys the version on the built-in endpoint in an environment (production needs the Production stage). */
export function DeployForm({ action }: { action: FormAction<{ id: number }> }) {
  const [state, run] = useActionState(action, null);
  useOutcomeToast(state, (d) => toast.success(`Deployed (#${d.id})`));
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
