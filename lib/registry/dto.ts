// The public shape of registry objects (snake_case, as the REST API returns them; pages use it too).
import type { ModelVersionRow, RegisteredModelRow } from "@/db/schema";
import type { Signature } from "./registry.validation";

export type UserRef = { id: string; email: string; name: string } | null;

export type ModelSummary = {
  name: string;
  description: string;
  task: RegisteredModelRow["task"];
  use_case: string;
  status: RegisteredModelRow["status"];
  key_metric: string | null;
  owner: UserRef;
  tags: Record<string, string>;
  latest_version: number | null;
  staging_version: number | null;
  production_version: number | null;
  created_at: number;
  updated_at: number;
};

export type ModelDetail = ModelSummary & { aliases: { alias: string; version: number }[] };

export type VersionDto = {
  model: string;
  version: number;
  description: string;
  stage: ModelVersionRow["stage"];
  status: ModelVersionRow["status"];
  status_message: string | null;
  source: string | null;
  run_id: string | null;
  run_link: string | null;
  lineage: { git_repo: string | null; git_commit: string | null; git_dirty: boolean | null; dataset_name: string | null; dataset_version: string | null };
  framework: string | null;
  flavor: string | null;
  release_label: string | null;
  params: Record<string, string>;
  metrics: Record<string, number>;
  signature: Signature | null;
  tags: Record<string, string>;
  aliases: string[];
  created_by: UserRef;
  created_at: number;
  updated_at: number;
  stage_changed_at: number | null;
};

export function versionDto(
  modelName: string,
  row: ModelVersionRow,
  extra: { metrics: Record<string, number>; tags: Record<string, string>; aliases: string[]; createdBy: UserRef },
): VersionDto {
  return {
    model: modelName,
    version: row.version,
    description: row.description,
    stage: row.stage,
    status: row.status,
    status_message: row.statusMessage,
    source: row.source,
    run_id: row.runId,
    run_link: row.runLink,
    lineage: { git_repo: row.gitRepo, git_commit: row.gitCommit, git_dirty: row.gitDirty, dataset_name: row.datasetName, dataset_version: row.datasetVersion },
    framework: row.framework,
    flavor: row.flavor,
    release_label: row.releaseLabel,
    params: JSON.parse(row.params) as Record<string, string>,
    metrics: extra.metrics,
    signature: row.signature ? (JSON.parse(row.signature) as Signature) : null,
    tags: extra.tags,
    aliases: extra.aliases,
    created_by: extra.createdBy,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    stage_changed_at: row.stageChangedAt,
  };
}
