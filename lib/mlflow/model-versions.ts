// MLflow's model-versions/* endpoints (create, get, update, delete, search, transition-stage, tags,
// download URI) over the registry's services and reads, with stage moves governed by policies.
import "server-only";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/auth/permissions";
import { publicUrl } from "@/lib/config";
import { requestTransition } from "@/lib/lifecycle/requests";
import { createVersion } from "@/lib/registry/versions";
import { deleteVersion, updateVersion } from "@/lib/registry/version-changes";
import { deleteVersionTag, setVersionTag } from "@/lib/registry/version-tags";
import {
  STAGE_TO_MLFLOW,
  modelVersionJson,
  modelVersionsJson,
} from "./entities";
import { MlflowError } from "./errors";
import type { Handler } from "./handlers";
import {
  canonicalStage,
  ignoreMissing,
  model,
  mvJson,
  openRequestId,
  tagRecord,
  tagValue,
  version,
  versionNumber,
} from "./lookup";
import { maxResults, pageAnswer, searchModelVersions } from "./search";

export const createModelVersion: Handler = (actor, p) => {
  const name = p.str("name", true);
  const source = p.str("source", true);
  const runId = p.str("run_id");
  const runLink = p.str("run_link");
  const description = p.str("description");
  const tags = p.tags();
  model(name);
  const row = createVersion(actor, name, {
    source,
    run_id: runId || undefined,
    run_link: runLink || undefined,
    description,
    tags: tagRecord(tags),
  });
  return {
    model_version: modelVersionJson(getDb(), name, row, { aliases: true }),
  };
};

export const getModelVersion: Handler = (actor, p) => {
  assertCan(actor, "models.read");
  return mvJson(p.str("name", true), p.str("version", true));
};

export const updateModelVersion: Handler = (actor, p) => {
  const name = p.str("name", true);
  const v = p.str("version", true);
  version(model(name), v);
  const description = p.str("description");
  if (description !== undefined)
    updateVersion(actor, name, versionNumber(v), { description });
  return mvJson(name, v);
};

export const deleteModelVersion: Handler = (actor, p) => {
  const name = p.str("name", true);
  const v = p.str("version", true);
  version(model(name), v);
  deleteVersion(actor, name, versionNumber(v));
  return {};
};

export const searchVersions: Handler = (actor, p) => {
  assertCan(actor, "models.read");
  const max = maxResults(p.int("max_results"), 10_000, 200_000);
  const { versions, next } = searchModelVersions(
    p.str("filter"),
    p.list("order_by"),
    max,
    p.str("page_token"),
  );
  return pageAnswer("model_versions", versions, next, (rows) => {
    const names = new Map(rows.map((r) => [r.modelId, r.modelName]));
    return modelVersionsJson(getDb(), (id) => names.get(id) ?? "", rows, {
      aliases: false,
    });
  });
};

/**
 * Governance stays on: a move that its policy lets this caller apply (no approvals needed, gates
 * pass) is applied; otherwise the call opens a transition request, or joins the open one, and
 * answers PERMISSION_DENIED naming it and where to approve it.
 */
export const transitionStage: Handler = (actor, p) => {
  const name = p.str("name", true);
  const v = p.str("version", true);
  const stage = canonicalStage(p.str("stage", true));
  const archive = p.bool("archive_existing_versions");
  if (archive === undefined)
    throw new MlflowError(
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'archive_existing_versions'. See the API docs for more information about request parameters.",
    );
  if (archive && stage !== "Staging" && stage !== "Production") {
    throw new MlflowError(
      "INVALID_PARAMETER_VALUE",
      `Model version transition cannot archive existing model versions because '${stage}' is not an Active stage. Valid stages are Staging, Production`,
    );
  }
  const m = model(name);
  const row = version(m, v);
  // Already there (e.g. a client retrying after reviewers approved): MLflow answers with the version.
  if (STAGE_TO_MLFLOW[row.stage] === stage && row.stage !== "retired")
    return mvJson(name, v);
  if (stage === "None")
    throw new MlflowError(
      "INVALID_PARAMETER_VALUE",
      `Stageline does not move versions back to None (Development); request Archived instead`,
    );
  const requestId = openRequestId(() =>
    requestTransition(actor, name, row.version, {
      to_stage: stage.toLowerCase(),
      comment: "Requested through the MLflow API (transition-stage)",
    }),
  );
  if (requestId === null) return mvJson(name, v);
  throw new MlflowError(
    "PERMISSION_DENIED",
    `Moving ${name} version ${row.version} to ${stage} needs approval under Stageline's ${stage.toLowerCase()} policy: transition request #${requestId} is open. Reviewers approve it at ${publicUrl()}/reviews (or POST /api/v1/transition-requests/${requestId}/approve).`,
  );
};

export const setModelVersionTag: Handler = (actor, p) => {
  const name = p.str("name", true);
  const v = p.str("version", true);
  const key = p.str("key", true);
  const value = tagValue(p);
  version(model(name), v);
  setVersionTag(actor, name, versionNumber(v), key, value);
  return {};
};

export const deleteModelVersionTag: Handler = (actor, p) => {
  const name = p.str("name", true);
  const v = p.str("version", true);
  const key = p.str("key", true);
  version(model(name), v);
  ignoreMissing(() => deleteVersionTag(actor, name, versionNumber(v), key));
  return {};
};

export const getDownloadUri: Handler = (actor, p) => {
  assertCan(actor, "models.read");
  const name = p.str("name", true);
  const v = p.str("version", true);
  const row = version(model(name), v);
  return {
    artifact_uri:
      row.source ||
      `${publicUrl()}/api/v1/models/${encodeURIComponent(name)}/versions/${row.version}/artifacts`,
  };
};
