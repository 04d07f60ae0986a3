"use client";
import { useActionState } from "react";
import { Field, TextArea } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/http/action";
import { createVersionAction } from "../../../actions";

export function CreateVersionForm({ model }: { model: string }) {
  const [state, action] = useActionState<
    ActionResult<{ version: number }> | null,
    FormData
  >(createVersionAction.bind(null, model), null);
  const e = state && !state.ok ? state.fieldErrors : undefined;
  const v = state && !state.ok ? state.values : undefined;
  const under = (prefix: string) =>
    e
      ? Object.entries(e)
          .filter(([k]) => k === prefix || k.startsWith(`${prefix}.`))
          .flatMap(([, m]) => m)
      : undefined;
  return (
    <form action={action} className="max-w-3xl space-y-4" noValidate>
      <TextArea
        label="Description (markdown)"
        name="description"
        rows={3}
        defaultValue={v?.description}
        errors={e?.description}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Source URI"
          name="source"
          placeholder="s3://models/churn/42"
          defaultValue={v?.source}
          errors={e?.source}
        />
        <Field
          label="Run id"
          name="run_id"
          defaultValue={v?.run_id}
          errors={e?.run_id}
        />
        <Field
          label="Git repository"
          name="git_repo"
          placeholder="https://git.example.com/team/churn.git"
          defaultValue={v?.git_repo}
          errors={e?.["lineage.git_repo"]}
        />
        <Field
          label="Git commit"
          name="git_commit"
          placeholder="9fceb02"
          defaultValue={v?.git_commit}
          errors={e?.["lineage.git_commit"]}
        />
        <Field
          label="Dataset"
          name="dataset_name"
          placeholder="cars"
          defaultValue={v?.dataset_name}
          errors={e?.["lineage.dataset_name"]}
        />
        <Field
          label="Dataset version or hash"
          name="dataset_version"
          placeholder="md5:3f2a…"
          defaultValue={v?.dataset_version}
          errors={e?.["lineage.dataset_version"]}
        />
        <Field
          label="Framework"
          name="framework"
          placeholder="onnx, sklearn, pytorch…"
          defaultValue={v?.framework}
          errors={e?.framework}
        />
        <Field
          label="Release label"
          name="release_label"
          placeholder="v1.2.0"
          defaultValue={v?.release_label}
          errors={e?.release_label}
        />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="git_dirty"
          defaultChecked={v?.git_dirty === "on"}
        />{" "}
        The working tree had uncommitted changes
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextArea
          label="Parameters"
          name="params"
          rows={4}
          placeholder={"learning_rate=0.1\nfeatures=horsepower,weight"}
          hint="One key=value per line."
          defaultValue={v?.params}
          errors={under("params")}
        />
        <TextArea
          label="Metrics"
          name="metrics"
          rows={4}
          placeholder={"rmse=3.21\nr2=0.81"}
          hint="One key=number per line."
          defaultValue={v?.metrics}
          errors={under("metrics")}
        />
      </div>
      {state && !state.ok ? (
        <p
          role="alert"
          data-testid="form-error"
          className="text-sm text-danger"
        >
          {state.error}
        </p>
      ) : null}
      <SubmitButton pendingText="Registering…">Register version</SubmitButton>
    </form>
  );
}
