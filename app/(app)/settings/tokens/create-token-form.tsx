"use client";
import { useActionState, useRef } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { toast } from "sonner";
import { Field, SelectField } from "@/components/ui/field";
import { failedForm } from "@/components/ui/form-state";
import { SuccessNote } from "@/components/ui/success-note";
import { SubmitButton } from "@/components/ui/submit-button";
import { useOutcomeToast } from "@/components/ui/use-outcome-toast";
import type { ActionResult } from "@/lib/http/action";
import { createTokenAction } from "./actions";

export function CreateTokenForm() {
  const [state, action] = useActionState<
    ActionResult<{ token: string; name: string }> | null,
    FormData
  >(createTokenAction, null);
  const formRef = useRef<HTMLFormElement>(null);
  useOutcomeToast(state, (d) => {
    toast.success(`Token “${d.name}” created`);
    formRef.current?.reset();
  });
  const { errors: fieldErrors, values } = failedForm(state);
  return (
    <div className="space-y-4">
      <form
        ref={formRef}
        action={action}
        className="grid grid-cols-1 gap-3 sm:grid-cols-[1fr_10rem_11rem_auto] sm:items-end"
        noValidate
      >
        <Field
          label="Name"
          name="name"
          placeholder="training pipeline"
          required
          defaultValue={values?.name}
          errors={fieldErrors?.name}
        />
        <Field
          label="Expires in (days)"
          name="expiresInDays"
          type="number"
          min={1}
          max={3650}
          placeholder="never"
          defaultValue={values?.expiresInDays}
          errors={fieldErrors?.expiresInDays}
        />
        <SelectField
          label="Scope"
          name="scope"
          defaultValue={values?.scope ?? "write"}
          errors={fieldErrors?.scope}
        >
          <option value="write">Read and write</option>
          <option value="read">Read only</option>
        </SelectField>
        <SubmitButton pendingText="Creating…">Create token</SubmitButton>
      </form>
      {state?.ok ? (
        <SuccessNote>
          <p className="font-medium">
            Copy your new token now. It will not be shown again.
          </p>
          <div className="mt-2 flex items-start gap-2">
            <code
              data-testid="new-token"
              className="block min-w-0 flex-1 break-all rounded bg-surface px-2 py-1 font-mono text-xs select-all"
            >
              {state.data.token}
            </code>
            <CopyButton text={state.data.token} label="Copy token" />
          </div>
        </SuccessNote>
      ) : null}
    </div>
  );
}
