// Batched registry reads by id for callers that list many models or versions at once (the MLflow
// API's entities, lib/mlflow/entities.ts): the few columns a listing shows, tags and aliases of a
// list of ids, the newest version per stage. Each is one prepared query (db/prepared.ts) whatever
// the list's length: an MLflow search lists up to 1,000 models with their latest versions.
import "server-only";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db, Tx } from "@/db/client";
import { inJson, preparedQuery } from "@/db/prepared";
import {
  modelAliases,
  modelTags,
  modelVersions,
  registeredModels,
  versionTags,
  type ModelVersionRow,
  type RegisteredModelRow,
} from "@/db/schema";

// Only the columns a listing shows: reading (and mapping) every column of every version was most
// of an MLflow search's time.
export const VERSION_LIST_COLUMNS = {
  id: modelVersions.id,
  modelId: modelVersions.modelId,
  version: modelVersions.version,
  stage: modelVersions.stage,
  status: modelVersions.status,
  statusMessage: modelVersions.statusMessage,
  source: modelVersions.source,
  runId: modelVersions.runId,
  runLink: modelVersions.runLink,
  description: modelVersions.description,
  createdAt: modelVersions.createdAt,
  updatedAt: modelVersions.updatedAt,
};
export type VersionListRow = Pick<
  ModelVersionRow,
  keyof typeof VERSION_LIST_COLUMNS
>;
export type ModelListRow = Pick<
  RegisteredModelRow,
  "id" | "name" | "description" | "createdAt" | "updatedAt"
>;
/** A tag (or an alias, as key and value) of the model or version `id`. */
export type OwnedPair = { id: number; key: string; value: string };

const tagsOfVersionsQuery = preparedQuery((db) =>
  db
    .select({
      id: versionTags.versionId,
      key: versionTags.key,
      value: versionTags.value,
    })
    .from(versionTags)
    .where(inJson(versionTags.versionId, "ids"))
    .orderBy(asc(versionTags.key))
    .prepare(),
);
const aliasesOfVersionsQuery = preparedQuery((db) =>
  db
    .select({
      id: modelAliases.versionId,
      key: modelAliases.alias,
      value: modelAliases.alias,
    })
    .from(modelAliases)
    .where(inJson(modelAliases.versionId, "ids"))
    .orderBy(asc(modelAliases.alias))
    .prepare(),
);
const tagsOfModelsQuery = preparedQuery((db) =>
  db
    .select({
      id: modelTags.modelId,
      key: modelTags.key,
      value: modelTags.value,
    })
    .from(modelTags)
    .where(inJson(modelTags.modelId, "ids"))
    .orderBy(asc(modelTags.key))
    .prepare(),
);
const aliasesOfModelsQuery = preparedQuery((db) =>
  db
    .select({
      id: modelAliases.modelId,
      alias: modelAliases.alias,
      version: modelVersions.version,
    })
    .from(modelAliases)
    .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.versionId))
    .where(inJson(modelAliases.modelId, "ids"))
    .orderBy(asc(modelAliases.alias))
    .prepare(),
);
// The newest live version of each listed model in one stage: one index probe per model (on
// model_id, stage, version, newest first), however many versions a model has. A model with
// thousands of versions is listed as fast as one with two.
const newer = alias(modelVersions, "newer");
const newestInStageQuery = preparedQuery((db) =>
  db
    .select(VERSION_LIST_COLUMNS)
    .from(modelVersions)
    .where(
      inArray(
        modelVersions.id,
        db
          .select({
            id: sql<number>`(${db
              .select({ id: newer.id })
              .from(newer)
              .where(
                and(
                  eq(newer.modelId, registeredModels.id),
                  eq(newer.stage, sql.placeholder("stage")),
                  isNull(newer.deletedAt),
                ),
              )
              .orderBy(desc(newer.version))
              .limit(1)})`,
          })
          .from(registeredModels)
          .where(inJson(registeredModels.id, "ids")),
      ),
    )
    .prepare(),
);
const aliasTargetQuery = preparedQuery((db) =>
  db
    .select({ v: VERSION_LIST_COLUMNS })
    .from(modelAliases)
    .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.versionId))
    .where(
      and(
        eq(modelAliases.modelId, sql.placeholder("modelId")),
        eq(modelAliases.alias, sql.placeholder("alias")),
        isNull(modelVersions.deletedAt),
      ),
    )
    .prepare(),
);

/** Tags of the versions, by key within each version. */
export function tagsOfVersions(db: Db | Tx, versionIds: number[]): OwnedPair[] {
  return tagsOfVersionsQuery(db).all({ ids: JSON.stringify(versionIds) });
}

/** Aliases pointing at the versions (key and value both the alias), by alias. */
export function aliasesOfVersions(
  db: Db | Tx,
  versionIds: number[],
): OwnedPair[] {
  return aliasesOfVersionsQuery(db).all({ ids: JSON.stringify(versionIds) });
}

/** Tags of the models, by key within each model. */
export function tagsOfModels(db: Db | Tx, modelIds: number[]): OwnedPair[] {
  return tagsOfModelsQuery(db).all({ ids: JSON.stringify(modelIds) });
}

/** Aliases of the models with the version number each points at, by alias. */
export function aliasesOfModels(
  db: Db | Tx,
  modelIds: number[],
): { id: number; alias: string; version: number }[] {
  return aliasesOfModelsQuery(db).all({ ids: JSON.stringify(modelIds) });
}

/** The newest live version in `stage` of each model that has one (in no particular order). */
export function newestVersionsInStage(
  db: Db | Tx,
  modelIds: number[],
  stage: ModelVersionRow["stage"],
): VersionListRow[] {
  return newestInStageQuery(db).all({ ids: JSON.stringify(modelIds), stage });
}

/** The live version an alias of the model points at, or undefined (no such alias, or deleted). */
export function aliasTarget(
  db: Db | Tx,
  modelId: number,
  aliasName: string,
): VersionListRow | undefined {
  return aliasTargetQuery(db).get({ modelId, alias: aliasName })?.v;
}
