"use client";
import { useActionState } from "react";
import { Field, TextArea } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { errorsUnder, failedForm } from "@/components/ui/form-state";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/http/action";
import { createVersionAction } from "../../../actions";

/** The version's one-line facts; lineage fields report their errors under `lineage.`. */
const FACTS: {
  label: string;
  name: string;
  placeholder?: string;
  error?: string;
}[] = [
  { label: "Source URI", name: "source", placeholder: "s3://models/churn/42" },
  { label: "Run id", name: "run_id" },
  {
    label: "Git repository",
    name: "git_repo",
    placeholder: "https://git.example.com/team/churn.git",
    error: "lineage.git_repo",
  },
  {
    label: "Git commit",
    name: "git_commit",
    placeholder: "9fceb02",
    error: "lineage.git_commit",
  },
  {
    label: "Dataset",
    name: "dataset_name",
    placeholder: "cars",
    error: "lineage.dataset_name",
  },
  {
    label: "Dataset version or hash",
    name: "dataset_version",
    placeholder: "md5:3f2a…",
    error: "lineage.dataset_version",
  },
  {
    label: "Framework",
    name: "framework",
    placeholder: "onnx, sklearn, pytorch…",
  },
  { label: "Release label", name: "release_label", placeholder: "v1.2.0" },
];

export function CreateVersionForm({ model }: { model: string }) {
  const [state, action] = useActionState<
    ActionResult<{ version: number }> | null,
    FormData
  >(createVersionAction.bind(null, model), null);
  const { errors: e, values: v } = failedForm(state);
  return (
    <form action={action} className="max-w-3xl space-y-4" noValidate>
      <TextArea
        label="Description (markdown)"
        name="description"
        rows={3}
        defaultValue={v?.description}
        errors={e?.description}
      />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {FACTS.map((f) => (
          <Field
            key={f.name}
            label={f.label}
            name={f.name}
            placeholder={f.placeholder}
            defaultValue={v?.[f.name]}
            errors={e?.[f.error ?? f.name]}
          />
        ))}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="git_dirty"
          defaultChecked={v?.git_dirty === "on"}
        />{" "}
        The working tree had uncommitted changes
      </label>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <TextArea
          label="Parameters"
          name="params"
          rows={4}
          placeholder={"learning_rate=0.1\nfeatures=horsepower,weight"}
          hint="One key=value per line."
          defaultValue={v?.params}
          errors={errorsUnder(e, "params")}
        />
        <TextArea
          label="Metrics"
          name="metrics"
          rows={4}
          placeholder={"rmse=3.21\nr2=0.81"}
          hint="One key=number per line."
          defaultValue={v?.metrics}
          errors={errorsUnder(e, "metrics")}
        />
      </div>
      <FormError state={state} testId="form-error" />
      <SubmitButton pendingText="Registering…">Register version</SubmitButton>
    </form>
  );
}
