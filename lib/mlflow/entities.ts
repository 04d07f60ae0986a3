// Stageline's rows as MLflow's entities (registered_model, model_version) in protobuf's JSON form:
// snake_case, version as a string, timestamps in ms, unset and empty fields left out, except the
// model_version fields MLflow always writes (current_stage, description, run_id, run_link, status).
import "server-only";
import type { Db, Tx } from "@/db/client";
import { VERSION_STAGES } from "@/db/schema";
import {
  aliasesOfModels,
  aliasesOfVersions,
  newestVersionsInStage,
  tagsOfModels,
  tagsOfVersions,
  type ModelListRow,
  type OwnedPair,
  type VersionListRow,
} from "@/lib/registry/read-rows";

export const STAGE_TO_MLFLOW = {
  none: "None",
  staging: "Staging",
  production: "Production",
  archived: "Archived",
  retired: "Archived",
} as const;
const STATUS_TO_MLFLOW = {
  pending: "PENDING_REGISTRATION",
  ready: "READY",
  failed: "FAILED_REGISTRATION",
} as const;
/** A retired version shows as Archived in MLflow terms, with this tag saying it is retired. */
export const RETIRED_TAG = "stageline.retired";

type Kv = { key: string; value: string };
export type MlflowModelVersion = Record<string, unknown>;
export type MlflowRegisteredModel = Record<string, unknown>;

/** The latest versions of each model (newest per MLflow stage, ordered by version), by model id. */
function latestOfModels(
  db: Db | Tx,
  modelIds: number[],
  stages?: string[],
): Map<number, VersionListRow[]> {
  const candidates = new Map<number, VersionListRow[]>();
  for (const stage of VERSION_STAGES) {
    if (stages?.length && !stages.includes(STAGE_TO_MLFLOW[stage])) continue;
    for (const row of newestVersionsInStage(db, modelIds, stage)) {
      const list = candidates.get(row.modelId) ?? [];
      list.push(row);
      candidates.set(row.modelId, list);
    }
  }
  // Archived and retired are both MLflow's Archived: the newer of the two.
  return new Map(
    [...candidates].map(([id, rows]) => [id, newestPerStage(rows)]),
  );
}

export function modelVersionsJson(
  db: Db | Tx,
  modelName: string | ((modelId: number) => string),
  rows: VersionListRow[],
  opts: { aliases: boolean },
): MlflowModelVersion[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const tags = group(tagsOfVersions(db, ids));
  const aliases = opts.aliases
    ? group(aliasesOfVersions(db, ids))
    : new Map<number, Kv[]>();
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

export function modelVersionJson(
  db: Db | Tx,
  modelName: string,
  row: VersionListRow,
  opts: { aliases: boolean },
): MlflowModelVersion {
  return modelVersionsJson(db, modelName, [row], opts)[0] as MlflowModelVersion;
}

/** The newest live version in each stage, ordered by version (MLflow's latest_versions). */
export function latestVersionRows(
  db: Db | Tx,
  modelId: number,
  stages?: string[],
): VersionListRow[] {
  return latestOfModels(db, [modelId], stages).get(modelId) ?? [];
}

function newestPerStage(rows: VersionListRow[]): VersionListRow[] {
  const newest = new Map<string, VersionListRow>();
  for (const v of rows) {
    const stage = STAGE_TO_MLFLOW[v.stage];
    const seen = newest.get(stage);
    if (!seen || seen.version < v.version) newest.set(stage, v);
  }
  return [...newest.values()].sort((a, b) => a.version - b.version);
}

export function registeredModelsJson(
  db: Db | Tx,
  models: ModelListRow[],
): MlflowRegisteredModel[] {
  if (models.length === 0) return [];
  const ids = models.map((m) => m.id);
  const tags = group(tagsOfModels(db, ids));
  const aliasesOf = new Map<number, { alias: string; version: string }[]>();
  for (const a of aliasesOfModels(db, ids)) {
    const list = aliasesOf.get(a.id) ?? [];
    list.push({ alias: a.alias, version: String(a.version) });
    aliasesOf.set(a.id, list);
  }
  const latestRowsOf = latestOfModels(db, ids);
  const names = new Map(models.map((m) => [m.id, m.name]));
  const latestRows = models.flatMap((m) => latestRowsOf.get(m.id) ?? []);
  const latestOf = new Map<number, MlflowModelVersion[]>();
  modelVersionsJson(db, (id) => names.get(id) ?? "", latestRows, {
    aliases: false,
  }).forEach((json, i) => {
    const modelId = (latestRows[i] as VersionListRow).modelId;
    const list = latestOf.get(modelId) ?? [];
    list.push(json);
    latestOf.set(modelId, list);
  });
  return models.map((m) => {
    const latest = latestOf.get(m.id) ?? [];
    const t = tags.get(m.id) ?? [];
    const a = aliasesOf.get(m.id) ?? [];
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

export function registeredModelJson(
  db: Db | Tx,
  model: ModelListRow,
): MlflowRegisteredModel {
  return registeredModelsJson(db, [model])[0] as MlflowRegisteredModel;
}

function group(rows: OwnedPair[]): Map<number, Kv[]> {
  const map = new Map<number, Kv[]>();
  for (const r of rows) {
    const list = map.get(r.id) ?? [];
    list.push({ key: r.key, value: r.value });
    map.set(r.id, list);
  }
  return map;
}
