"use client";
import { useActionState, useRef } from "react";
import { toast } from "sonner";
import { Field, SelectField } from "@/components/ui/field";
import { failedForm } from "@/components/ui/form-state";
import { SubmitButton } from "@/components/ui/submit-button";
import { useOutcomeToast } from "@/components/ui/use-outcome-toast";
import { ROLES } from "@/lib/roles";
import { ROLE_LABELS } from "@/lib/format";
import type { ActionResult } from "@/lib/http/action";
import { createUserAction } from "./actions";

export function CreateUserForm() {
  const [state, action] = useActionState<
    ActionResult<{ email: string }> | null,
    FormData
  >(createUserAction, null);
  const formRef = useRef<HTMLFormElement>(null);
  useOutcomeToast(state, (d) => {
    toast.success(`User ${d.email} created`);
    formRef.current?.reset();
  });
  const { errors, values } = failedForm(state);
  return (
    <form
      ref={formRef}
      action={action}
      className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_12rem_1fr_auto] lg:items-start"
      noValidate
    >
      <Field
        label="E-mail"
        name="email"
        type="email"
        required
        defaultValue={values?.email}
        errors={errors?.email}
      />
      <Field
        label="Name"
        name="name"
        defaultValue={values?.name}
        errors={errors?.name}
      />
      <SelectField
        key={values?.role ?? "role"}
        label="Role"
        name="role"
        defaultValue={values?.role ?? "data_scientist"}
        errors={errors?.role}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </SelectField>
      <Field
        label="Initial password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        errors={errors?.password}
        hint="At least 8 characters."
      />
      <div className="lg:pt-6">
        <SubmitButton pendingText="Creating…">Create user</SubmitButton>
      </div>
    </form>
  );
}
