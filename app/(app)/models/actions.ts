"use server";
import {
  redirectOnSuccess,
  runAction,
  runChange,
  runFormAction,
  type ActionResult,
} from "@/lib/http/action";
import { deleteAlias, setAlias } from "@/lib/registry/aliases";
import { keyValueLines, metricLines } from "@/lib/registry/form-input";
import {
  grantModelPermission,
  revokeModelPermission,
} from "@/lib/registry/model-permissions";
import {
  createModel,
  deleteModel,
  deleteModelTag,
  renameModel,
  setModelTag,
  updateModel,
} from "@/lib/registry/models";
import { modelHref, versionHref } from "@/lib/registry/paths";
import { updateVersion } from "@/lib/registry/version-changes";
import { createVersion } from "@/lib/registry/versions";

export async function createModelAction(
  _prev: ActionResult<{ name: string }> | null,
  form: FormData,
) {
  const result = await runFormAction(form, (actor, v) => {
    const row = createModel(actor, {
      name: v.name ?? "",
      task: v.task,
      description: v.description,
      use_case: v.use_case,
      key_metric: v.key_metric,
      tags: keyValueLines(v.tags, "tags"),
    });
    return { name: row.name };
  });
  return redirectOnSuccess(result, "/models", (d) => modelHref(d.name));
}

export async function updateModelAction(
  name: string,
  patch: {
    description?: string;
    task?: string;
    use_case?: string;
    key_metric?: string;
  },
): Promise<ActionResult<null>> {
  return runChange(modelHref(name), (actor) => updateModel(actor, name, patch));
}

export async function updateDescriptionAction(
  name: string,
  description: string,
): Promise<ActionResult<null>> {
  return updateModelAction(name, { description });
}

export async function setModelTagAction(
  name: string,
  key: string,
  value: string,
): Promise<ActionResult<null>> {
  return runChange(modelHref(name), (actor) =>
    setModelTag(actor, name, key, value),
  );
}

export async function deleteModelTagAction(
  name: string,
  key: string,
): Promise<ActionResult<null>> {
  return runChange(modelHref(name), (actor) =>
    deleteModelTag(actor, name, key),
  );
}

export async function setAliasAction(
  name: string,
  alias: string,
  version: string,
): Promise<ActionResult<null>> {
  return runChange(modelHref(name), (actor) =>
    setAlias(actor, name, alias, version),
  );
}

export async function deleteAliasAction(
  name: string,
  alias: string,
): Promise<ActionResult<null>> {
  return runChange(modelHref(name), (actor) => deleteAlias(actor, name, alias));
}

export async function renameModelAction(
  name: string,
  newName: string,
): Promise<ActionResult<{ name: string }>> {
  const result = await runAction((actor) => ({
    name: renameModel(actor, name, newName).name,
  }));
  return redirectOnSuccess(result, "/models", (d) => modelHref(d.name));
}

export async function deleteModelAction(
  name: string,
): Promise<ActionResult<null>> {
  const result = await runAction((actor) => {
    deleteModel(actor, name);
    return null;
  });
  return redirectOnSuccess(result, "/models", () => "/models");
}

export async function createVersionAction(
  name: string,
  _prev: ActionResult<{ version: number }> | null,
  form: FormData,
) {
  const result = await runFormAction(form, (actor, v) => {
    const row = createVersion(actor, name, {
      description: v.description,
      source: v.source,
      run_id: v.run_id,
      framework: v.framework,
      release_label: v.release_label,
      lineage: {
        git_repo: v.git_repo,
        git_commit: v.git_commit,
        dataset_name: v.dataset_name,
        dataset_version: v.dataset_version,
        git_dirty: v.git_dirty ? v.git_dirty === "on" : undefined,
      },
      params: keyValueLines(v.params, "params"),
      metrics: metricLines(v.metrics, "metrics"),
    });
    return { version: row.version };
  });
  return redirectOnSuccess(result, modelHref(name), (d) =>
    versionHref(name, d.version),
  );
}

export async function updateVersionDescriptionAction(
  name: string,
  version: number,
  description: string,
): Promise<ActionResult<null>> {
  return runChange(versionHref(name, version), (actor) =>
    updateVersion(actor, name, version, { description }),
  );
}

export async function grantPermissionAction(
  name: string,
  email: string,
  level: string,
): Promise<ActionResult<null>> {
  return runChange(modelHref(name), (actor) =>
    grantModelPermission(actor, name, { email, level }),
  );
}

export async function revokePermissionAction(
  name: string,
  userId: string,
): Promise<ActionResult<null>> {
  return runChange(modelHref(name), (actor) =>
    revokeModelPermission(actor, name, userId),
  );
}
