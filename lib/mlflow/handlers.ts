// The model-registry subset of the MLflow 2.0 REST API over Stageline's services: every call goes
// through the same services (permissions, validation, audit) as the REST API and the pages.
import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  modelAliases,
  modelVersions,
  type ModelVersionRow,
  type RegisteredModelRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { publicUrl } from "@/lib/config";
import { DomainError } from "@/lib/errors";
import { requestAliasMove } from "@/lib/lifecycle/alias-requests";
import { requestTransition } from "@/lib/lifecycle/requests";
import { deleteAlias, setAlias } from "@/lib/registry/aliases";
import { isProtectedAlias } from "@/lib/registry/alias-rules";
import { loadModel } from "@/lib/registry/load";
import {
  createModel,
  deleteModel,
  deleteModelTag,
  renameModel,
  setModelTag,
  updateModel,
} from "@/lib/registry/models";
import { deleteVersion, updateVersion } from "@/lib/registry/version-changes";
import { deleteVersionTag, setVersionTag } from "@/lib/registry/version-tags";
import { createVersion } from "@/lib/registry/versions";
import {
  latestVersionRows,
  STAGE_TO_MLFLOW,
  modelVersionJson,
  modelVersionsJson,
  registeredModelJson,
  registeredModelsJson,
} from "./entities";
import { missing, MlflowError, modelNotFound, versionNotFound } from "./errors";
import type { Params } from "./params";
import {
  maxResults,
  searchModelVersions,
  searchRegisteredModels,
} from "./search";

export type Handler = (actor: Actor, p: Params) => unknown;

const STAGES = ["None", "Staging", "Production", "Archived"] as const;

function model(name: string): RegisteredModelRow {
  try {
    return loadModel(getDb(), name);
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found")
      throw modelNotFound(name);
    throw error;
  }
}

function versionNumber(value: string): number {
  if (!/^\d{1,9}$/.test(value.trim()) || Number(value) < 1)
    throw new MlflowError(
      "INVALID_PARAMETER_VALUE",
      `Invalid value '${value}' for parameter 'version': a model version is a positive integer`,
    );
  return Number(value);
}

function version(m: RegisteredModelRow, value: string): ModelVersionRow {
  const n = versionNumber(value);
  const row = getDb()
    .select()
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.modelId, m.id),
        eq(modelVersions.version, n),
        isNull(modelVersions.deletedAt),
      ),
    )
    .get();
  if (!row) throw versionNotFound(m.name, value);
  return row;
}

/** MLflow's stage names, any case; Stageline's stages in lower case. */
function canonicalStage(value: string): (typeof STAGES)[number] {
  const hit = STAGES.find(
    (s) => s.toLowerCase() === value.trim().toLowerCase(),
  );
  if (!hit)
    throw new MlflowError(
      "INVALID_PARAMETER_VALUE",
      `Invalid Model Version stage: ${value}. Value must be one of ${STAGES.join(", ")}.`,
    );
  return hit;
}

function ignoreMissing(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof DomainError && error.code === "not_found"))
      throw error;
  }
}

/** A tag's value: required, but may be empty (MLflow clients set flags such as `reviewed` to ""). */
function tagValue(p: Params): string {
  const value = p.str("value");
  if (value === undefined) throw missing("value");
  return value;
}

const tagRecord = (tags: { key: string; value: string }[]) =>
  tags.length
    ? Object.fromEntries(tags.map((t) => [t.key, t.value]))
    : undefined;
const rmJson = (name: string) => ({
  registered_model: registeredModelJson(getDb(), model(name)),
});
const mvJson = (name: string, v: string) => {
  const m = model(name);
  return {
    model_version: modelVersionJson(getDb(), m.name, version(m, v), {
      aliases: true,
    }),
  };
};

// ---------------------------------------------------------------- registered models

const createRegisteredModel: Handler = (actor, p) => {
  const name = p.str("name", true);
  const tags = p.tags();
  const description = p.str("description");
  try {
    createModel(actor, { name, description, tags: tagRecord(tags) });
  } catch (error) {
    if (error instanceof DomainError && error.code === "conflict")
      throw new MlflowError(
        "RESOURCE_ALREADY_EXISTS",
        `Registered Model (name=${name}) already exists.`,
      );
    throw error;
  }
  return rmJson(name);
};

const getRegisteredModel: Handler = (actor, p) => {
  assertCan(actor, "models.read");
  return rmJson(p.str("name", true));
};

const updateRegisteredModel: Handler = (actor, p) => {
  const name = p.str("name", true);
  model(name);
  const description = p.str("description");
  if (description !== undefined) updateModel(actor, name, { description });
  return rmJson(name);
};

const renameRegisteredModel: Handler = (actor, p) => {
  const name = p.str("name", true);
  const newName = p.str("new_name", true);
  model(name);
  try {
    renameModel(actor, name, newName);
  } catch (error) {
    if (error instanceof DomainError && error.code === "conflict")
      throw new MlflowError(
        "RESOURCE_ALREADY_EXISTS",
        `Registered Model (name=${newName}) already exists.`,
      );
    throw error;
  }
  return rmJson(newName);
};

const deleteRegisteredModel: Handler = (actor, p) => {
  const name = p.str("name", true);
  model(name);
  deleteModel(actor, name);
  return {};
};

const searchModels: Handler = (actor, p) => {
  assertCan(actor, "models.read");
  const max = maxResults(p.int("max_results"), 100, 1000);
  const { models, next } = searchRegisteredModels(
    p.str("filter"),
    p.list("order_by"),
    max,
    p.str("page_token"),
  );
  if (models.length === 0 && !next) return {};
  return {
    ...(models.length
      ? { registered_models: registeredModelsJson(getDb(), models) }
      : {}),
    ...(next ? { next_page_token: next } : {}),
  };
};

const getLatestVersions: Handler = (actor, p) => {
  assertCan(actor, "models.read");
  const m = model(p.str("name", true));
  const stages = p.list("stages").map(canonicalStage);
  const rows = latestVersionRows(getDb(), m.id, stages);
  return rows.length
    ? {
        model_versions: modelVersionsJson(getDb(), m.name, rows, {
          aliases: true,
        }),
      }
    : {};
};

const setRegisteredModelTag: Handler = (actor, p) => {
  const name = p.str("name", true);
  const key = p.str("key", true);
  const value = tagValue(p);
  model(name);
  setModelTag(actor, name, key, value);
  return {};
};

const deleteRegisteredModelTag: Handler = (actor, p) => {
  const name = p.str("name", true);
  const key = p.str("key", true);
  model(name);
  // MLflow deletes a tag that is not there without complaint.
  ignoreMissing(() => deleteModelTag(actor, name, key));
  return {};
};

/**
 * A protected alias (the production policy's list, default `champion`) is governed like a stage:
 * set-alias opens an alias request (or joins the open one) and answers PERMISSION_DENIED naming it,
 * as transition-stage does; it is applied at once only where the policy needs no approval.
 */
const setModelAlias: Handler = (actor, p) => {
  const name = p.str("name", true);
  const alias = p.str("alias", true);
  const v = p.str("version", true);
  const m = model(name);
  const row = version(m, v);
  const pointer = getDb()
    .select()
    .from(modelAliases)
    .where(and(eq(modelAliases.modelId, m.id), eq(modelAliases.alias, alias)))
    .get();
  if (
    !isProtectedAlias(getDb(), m.id, alias) ||
    pointer?.versionId === row.id
  ) {
    setAlias(actor, name, alias, row.version);
    return {};
  }
  let requestId: number;
  try {
    const req = requestAliasMove(actor, name, row.version, {
      alias,
      comment: "Requested through the MLflow API (set-alias)",
    });
    if (req.status === "applied") return {};
    requestId = req.id;
  } catch (error) {
    const open =
      error instanceof DomainError && error.code === "conflict"
        ? (error.details?.request_id as number | undefined)
        : undefined;
    if (open === undefined) throw error;
    requestId = open;
  }
  throw new MlflowError(
    "PERMISSION_DENIED",
    `Alias '${alias}' of ${name} is protected by Stageline's production policy: pointing it at version ${row.version} needs approval, and alias request #${requestId} is open. Reviewers approve it at ${publicUrl()}/reviews (or POST /api/v1/transition-requests/${requestId}/approve).`,
  );
};

const deleteModelAlias: Handler = (actor, p) => {
  const name = p.str("name", true);
  const alias = p.str("alias", true);
  assertCan(actor, "versions.write");
  const m = model(name);
  const pointer = getDb()
    .select()
    .from(modelAliases)
    .where(and(eq(modelAliases.modelId, m.id), eq(modelAliases.alias, alias)))
    .get();
  if (pointer && isProtectedAlias(getDb(), m.id, alias)) {
    throw new MlflowError(
      "PERMISSION_DENIED",
      `Alias '${alias}' of ${name} is protected by Stageline's production policy and is not removed directly: point it at another version with set-alias (which opens a request for reviewers), or an admin removes it from the protected aliases at ${publicUrl()}/settings/policies.`,
    );
  }
  ignoreMissing(() => deleteAlias(actor, name, alias));
  return {};
};

const getModelVersionByAlias: Handler = (actor, p) => {
  assertCan(actor, "models.read");
  const m = model(p.str("name", true));
  const alias = p.str("alias", true);
  const pointer = getDb()
    .select()
    .from(modelAliases)
    .where(and(eq(modelAliases.modelId, m.id), eq(modelAliases.alias, alias)))
    .get();
  const row = pointer
    ? getDb()
        .select()
        .from(modelVersions)
        .where(
          and(
            eq(modelVersions.id, pointer.versionId),
            isNull(modelVersions.deletedAt),
          ),
        )
        .get()
    : undefined;
  if (!row)
    throw new MlflowError(
      "INVALID_PARAMETER_VALUE",
      `Registered model alias ${alias} not found.`,
    );
  return {
    model_version: modelVersionJson(getDb(), m.name, row, { aliases: true }),
  };
};

// ---------------------------------------------------------------- model versions

const createModelVersion: Handler = (actor, p) => {
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

const getModelVersion: Handler = (actor, p) => {
  assertCan(actor, "models.read");
  return mvJson(p.str("name", true), p.str("version", true));
};

const updateModelVersion: Handler = (actor, p) => {
  const name = p.str("name", true);
  const v = p.str("version", true);
  version(model(name), v);
  const description = p.str("description");
  if (description !== undefined)
    updateVersion(actor, name, versionNumber(v), { description });
  return mvJson(name, v);
};

const deleteModelVersion: Handler = (actor, p) => {
  const name = p.str("name", true);
  const v = p.str("version", true);
  version(model(name), v);
  deleteVersion(actor, name, versionNumber(v));
  return {};
};

const searchVersions: Handler = (actor, p) => {
  assertCan(actor, "models.read");
  const max = maxResults(p.int("max_results"), 10_000, 200_000);
  const { versions, next } = searchModelVersions(
    p.str("filter"),
    p.list("order_by"),
    max,
    p.str("page_token"),
  );
  if (versions.length === 0 && !next) return {};
  const names = new Map(versions.map((v) => [v.modelId, v.modelName]));
  return {
    ...(versions.length
      ? {
          model_versions: modelVersionsJson(
            getDb(),
            (id) => names.get(id) ?? "",
            versions,
            { aliases: false },
          ),
        }
      : {}),
    ...(next ? { next_page_token: next } : {}),
  };
};

/**
 * Governance stays on: a move that its policy lets this caller apply (no approvals needed, gates
 * pass) is applied; otherwise the call opens a transition request, or joins the open one, and
 * answers PERMISSION_DENIED naming it and where to approve it.
 */
const transitionStage: Handler = (actor, p) => {
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
  let requestId: number;
  try {
    const req = requestTransition(actor, name, row.version, {
      to_stage: stage.toLowerCase(),
      comment: "Requested through the MLflow API (transition-stage)",
    });
    if (req.status === "applied") return mvJson(name, v);
    requestId = req.id;
  } catch (error) {
    const open =
      error instanceof DomainError && error.code === "conflict"
        ? (error.details?.request_id as number | undefined)
        : undefined;
    if (open === undefined) throw error;
    requestId = open;
  }
  throw new MlflowError(
    "PERMISSION_DENIED",
    `Moving ${name} version ${row.version} to ${stage} needs approval under Stageline's ${stage.toLowerCase()} policy: transition request #${requestId} is open. Reviewers approve it at ${publicUrl()}/reviews (or POST /api/v1/transition-requests/${requestId}/approve).`,
  );
};

const setModelVersionTag: Handler = (actor, p) => {
  const name = p.str("name", true);
  const v = p.str("version", true);
  const key = p.str("key", true);
  const value = tagValue(p);
  version(model(name), v);
  setVersionTag(actor, name, versionNumber(v), key, value);
  return {};
};

const deleteModelVersionTag: Handler = (actor, p) => {
  const name = p.str("name", true);
  const v = p.str("version", true);
  const key = p.str("key", true);
  version(model(name), v);
  ignoreMissing(() => deleteVersionTag(actor, name, versionNumber(v), key));
  return {};
};

const getDownloadUri: Handler = (actor, p) => {
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

type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** Path below /api/2.0/mlflow/ -> method -> handler. */
export const ROUTES: Record<string, Partial<Record<Method, Handler>>> = {
  "registered-models/create": { POST: createRegisteredModel },
  "registered-models/get": { GET: getRegisteredModel },
  "registered-models/update": { PATCH: updateRegisteredModel },
  "registered-models/rename": { POST: renameRegisteredModel },
  "registered-models/delete": { DELETE: deleteRegisteredModel },
  "registered-models/search": { GET: searchModels },
  "registered-models/get-latest-versions": {
    GET: getLatestVersions,
    POST: getLatestVersions,
  },
  "registered-models/set-tag": { POST: setRegisteredModelTag },
  "registered-models/delete-tag": { DELETE: deleteRegisteredModelTag },
  "registered-models/alias": {
    POST: setModelAlias,
    DELETE: deleteModelAlias,
    GET: getModelVersionByAlias,
  },
  "model-versions/create": { POST: createModelVersion },
  "model-versions/get": { GET: getModelVersion },
  "model-versions/update": { PATCH: updateModelVersion },
  "model-versions/delete": { DELETE: deleteModelVersion },
  "model-versions/search": { GET: searchVersions },
  "model-versions/transition-stage": { POST: transitionStage },
  "model-versions/set-tag": { POST: setModelVersionTag },
  "model-versions/delete-tag": { DELETE: deleteModelVersionTag },
  "model-versions/get-download-uri": { GET: getDownloadUri },
};
