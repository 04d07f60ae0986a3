// MLflow's registered-models/* endpoints (create, get, update, rename, delete, search, latest
// versions, tags) over the registry's services and reads.
import "server-only";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/auth/permissions";
import {
  createModel,
  deleteModel,
  deleteModelTag,
  renameModel,
  setModelTag,
  updateModel,
} from "@/lib/registry/models";
import {
  latestVersionRows,
  modelVersionsJson,
  registeredModelsJson,
} from "./entities";
import type { Handler } from "./handlers";
import {
  canonicalStage,
  ignoreMissing,
  model,
  rmJson,
  tagRecord,
  tagValue,
  nameConflictAsExists,
} from "./lookup";
import { maxResults, pageAnswer, searchRegisteredModels } from "./search";

export const createRegisteredModel: Handler = (actor, p) => {
  const name = p.str("name", true);
  const tags = p.tags();
  const description = p.str("description");
  nameConflictAsExists(name, () =>
    createModel(actor, { name, description, tags: tagRecord(tags) }),
  );
  return rmJson(name);
};

export const getRegisteredModel: Handler = (actor, p) => {
  assertCan(actor, "models.read");
  return rmJson(p.str("name", true));
};

export const updateRegisteredModel: Handler = (actor, p) => {
  const name = p.str("name", true);
  model(name);
  const description = p.str("description");
  if (description !== undefined) updateModel(actor, name, { description });
  return rmJson(name);
};

export const renameRegisteredModel: Handler = (actor, p) => {
  const name = p.str("name", true);
  const newName = p.str("new_name", true);
  model(name);
  nameConflictAsExists(newName, () => renameModel(actor, name, newName));
  return rmJson(newName);
};

export const deleteRegisteredModel: Handler = (actor, p) => {
  const name = p.str("name", true);
  model(name);
  deleteModel(actor, name);
  return {};
};

export const searchModels: Handler = (actor, p) => {
  assertCan(actor, "models.read");
  const max = maxResults(p.int("max_results"), 100, 1000);
  const { models, next } = searchRegisteredModels(
    p.str("filter"),
    p.list("order_by"),
    max,
    p.str("page_token"),
  );
  return pageAnswer("registered_models", models, next, (rows) =>
    registeredModelsJson(getDb(), rows),
  );
};

export const getLatestVersions: Handler = (actor, p) => {
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

export const setRegisteredModelTag: Handler = (actor, p) => {
  const name = p.str("name", true);
  const key = p.str("key", true);
  const value = tagValue(p);
  model(name);
  setModelTag(actor, name, key, value);
  return {};
};

export const deleteRegisteredModelTag: Handler = (actor, p) => {
  const name = p.str("name", true);
  const key = p.str("key", true);
  model(name);
  // MLflow deletes a tag that is not there without complaint.
  ignoreMissing(() => deleteModelTag(actor, name, key));
  return {};
};
