// Stageline's rows as MLflow's entities (registered_model, model_version) in protobuf's JSON form:
// snake_case, version as a string, timestamps in ms, unset and empty fields left out, except the
// model_version fields MLflow always writes (current_stage, description, run_id, run_link, status).
import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { inValues } from "@/db/prepared";
import { modelAliases, modelTags, modelVersions, versionTags, type ModelVersionRow, type RegisteredModelRow } from "@/db/schema";

export const STAGE_TO_MLFLOW = { none: "None", staging: "Staging", production: "Production", archived: "Archived", retired: "Archived" } as const;
const STATUS_TO_MLFLOW = { pending: "PENDING_REGISTRATION", ready: "READY", failed: "FAILED_REGISTRATION" } as const;
/** A retired version shows as Archived in MLflow terms, with this tag saying it is retired. */
export const RETIRED_TAG = "stageline.retired";

type Kv = { key: string; value: string };
export type MlflowModelVersion = Record<string, unknown>;
export type MlflowRegisteredModel = Record<string, unknown>;

export function modelVersionsJson(db: Db | Tx, modelName: string | ((modelId: number) => string), rows: ModelVersionRow[], opts: { aliases: boolean }): MlflowModelVersion[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const tags = group(db.select({ id: versionTags.versionId, key: versionTags.key, value: versionTags.value }).from(versionTags).where(inValues(versionTags.versionId, ids)).orderBy(asc(versionTags.key)).all());
  const aliases = opts.aliases ? group(db.select({ id: modelAliases.versionId, key: modelAliases.alias, value: modelAliases.alias }).from(modelAliases).where(inValues(modelAliases.versionId, ids)).orderBy(asc(modelAliases.alias)).all()) : new Map<number, Kv[]>();
  return rows.map((v) => {
    const t = [...(tags.get(v.id) ?? [])];
    if (v.stage === "retired") t.push({ key: RETIRED_TAG, value: "true" });
    const json: MlflowModelVersion = {
      name: typeof modelName === "string" ? modelName : modelName(v.modelId),
      version: String(v.version),
      creation_timestamp: v.createdAt,
      last_updated_timestamp: v.updatedAt,
      current_stage: STAGE_TO_MLFLOW[v.stage],
      description: v.description,
      ...(v.source ? { source: v.source } : {}),
      run_id: v.runId ?? "",
      status: STATUS_TO_MLFLOW[v.status],
      ...(v.statusMessage ? { status_message: v.statusMessage } : {}),
      ...(t.length ? { tags: t } : {}),
      run_link: v.runLink ?? "",
    };
    const a = aliases.get(v.id);
    if (a?.length) json.aliases = a.map((x) => x.key);
    return json;
  });
}

export function modelVersionJson(db: Db | Tx, modelName: string, row: ModelVersionRow, opts: { aliases: boolean }): MlflowModelVersion {
  return modelVersionsJson(db, modelName, [row], opts)[0] as MlflowModelVersion;
}

/** The newest live version in each stage, ordered by version (MLflow's latest_versions). */
export function latestVersionRows(db: Db | Tx, modelId: number, stages?: string[]): ModelVersionRow[] {
  return newestPerStage(db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), isNull(modelVersions.deletedAt))).all(), stages);
}

function newestPerStage(rows: ModelVersionRow[], stages?: string[]): ModelVersionRow[] {
  const newest = new Map<string, ModelVersionRow>();
  for (const v of rows) {
    const stage = STAGE_TO_MLFLOW[v.stage];
    if (stages && stages.length && !stages.includes(stage)) continue;
    const seen = newest.get(stage);
    if (!seen || seen.version < v.version) newest.set(stage, v);
  }
  return [...newest.values()].sort((a, b) => a.version - b.version);
}

export function registeredModelsJson(db: Db | Tx, models: RegisteredModelRow[]): MlflowRegisteredModel[] {
  if (models.length === 0) return [];
  const ids = models.map((m) => m.id);
  const tags = group(db.select({ id: modelTags.modelId, key: modelTags.key, value: modelTags.value }).from(modelTags).where(inValues(modelTags.modelId, ids)).orderBy(asc(modelTags.key)).all());
  const aliasRows = db
    .select({ id: modelAliases.modelId, alias: modelAliases.alias, version: modelVersions.version })
    .from(modelAliases)
    .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.versionId))
    .where(inValues(modelAliases.modelId, ids))
    .orderBy(asc(modelAliases.alias))
    .all();
  // Every listed model's versions in one query, not one per model.
  const versionsOf = new Map<number, ModelVersionRow[]>();
  for (const v of db.select().from(modelVersions).where(and(inValues(modelVersions.modelId, ids), isNull(modelVersions.deletedAt))).all()) {
    const list = versionsOf.get(v.modelId) ?? [];
    list.push(v);
    versionsOf.set(v.modelId, list);
  }
  const latestOf = new Map(models.map((m) => [m.id, newestPerStage(versionsOf.get(m.id) ?? [])]));
  const names = new Map(models.map((m) => [m.id, m.name]));
  const latestRows = [...latestOf.values()].flat();
  const latestJson = new Map(modelVersionsJson(db, (id) => names.get(id) ?? "", latestRows, { aliases: false }).map((j, i) => [latestRows[i]?.id as number, j]));
  return models.map((m) => {
    const latest = (latestOf.get(m.id) ?? []).map((v) => latestJson.get(v.id) as MlflowModelVersion);
    const t = tags.get(m.id) ?? [];
    const a = aliasRows.filter((x) => x.id === m.id).map((x) => ({ alias: x.alias, version: String(x.version) }));
    return {
      name: m.name,
      creation_timestamp: m.createdAt,
      last_updated_timestamp: m.updatedAt,
      ...(m.description ? { description: m.description } : {}),
      ...(latest.length ? { latest_versions: latest } : {}),
      ...(t.length ? { tags: t } : {}),
      ...(a.length ? { aliases: a } : {}),
    };
  });
}

export function registeredModelJson(db: Db | Tx, model: RegisteredModelRow): MlflowRegisteredModel {
  return registeredModelsJson(db, [model])[0] as MlflowRegisteredModel;
}

function group(rows: { id: number; key: string; value: string }[]): Map<number, Kv[]> {
  const map = new Map<number, Kv[]>();
  for (const r of rows) {
    const list = map.get(r.id) ?? [];
    list.push({ key: r.key, value: r.value });
    map.set(r.id, list);
  }
  return map;
}
