"use client";
import { useActionState } from "react";
import { Field, SelectField, TextArea } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/http/action";
import { createModelAction } from "../actions";

export function CreateModelForm() {
  const [state, action] = useActionState<
    ActionResult<{ name: string }> | null,
    FormData
  >(createModelAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const values = state && !state.ok ? state.values : undefined;
  const tagErrors = errors
    ? Object.entries(errors)
        .filter(([k]) => k.startsWith("tags"))
        .flatMap(([, v]) => v)
    : [];
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
      <div className="grid gap-4 sm:grid-cols-2">
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
        errors={tagErrors}
        rows={3}
        placeholder={"team=risk\ndomain=credit"}
        hint="One key=value per line."
      />
      {state && !state.ok ? (
        <p
          role="alert"
          data-testid="form-error"
          className="text-sm text-danger"
        >
          {state.error}
        </p>
      ) : null}
      <SubmitButton pendingText="Creating…">Create model</SubmitButton>
    </form>
  );
}
