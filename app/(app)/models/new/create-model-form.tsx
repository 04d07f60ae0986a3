"use client";
import { useActionState } from "react";
import { Field, SelectField, TextArea } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { errorsUnder, failedForm } from "@/components/ui/form-state";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/http/action";
import { createModelAction } from "../actions";

export function CreateModelForm() {
  const [state, action] = useActionState<
    ActionResult<{ name: string }> | null,
    FormData
  >(createModelAction, null);
  const { errors, values } = failedForm(state);
  return (
    <form action={action} className="max-w-2xl space-y-4" noValidate>
      <Field
        label="Name"
        name="name"
        required
        defaultValue={values?.name}
        errors={errors?.name}
        hint="Letters, digits, '-', '_', '.', and '/' or spaces in the middle. Unique."
      />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <SelectField
          key={values?.task}
          label="Task"
          name="task"
          defaultValue={values?.task ?? "classification"}
          errors={errors?.task}
        >
          <option value="classification">Classification</option>
          <option value="regression">Regression</option>
          <option value="other">Other</option>
        </SelectField>
        <Field
          label="Key metric"
          name="key_metric"
          placeholder="auc"
          defaultValue={values?.key_metric}
          errors={errors?.key_metric}
          hint="Shown for each version in lists."
        />
      </div>
      <Field
        label="Use case"
        name="use_case"
        defaultValue={values?.use_case}
        errors={errors?.use_case}
      />
      <TextArea
        label="Description (markdown)"
        name="description"
        defaultValue={values?.description}
        errors={errors?.description}
        rows={5}
      />
      <TextArea
        label="Tags"
        name="tags"
        defaultValue={values?.tags}
        errors={errorsUnder(errors, "tags")}
        rows={3}
        placeholder={"team=risk\ndomain=credit"}
        hint="One key=value per line."
      />
      {/* Every field this service can refuse has its own message here; the form repeats none. */}
      <FormError state={state} besideFieldErrors={false} testId="form-error" />
      <SubmitButton pendingText="Creating…">Create model</SubmitButton>
    </form>
  );
}
