// The public shape of registry objects (snake_case, as the REST API returns them; pages use it too).
import { z } from "zod";
import {
  MODEL_STATUSES,
  MODEL_TASKS,
  VERSION_STAGES,
  VERSION_STATUSES,
  type ModelVersionRow,
} from "@/db/schema";
import { signatureSchema, type Signature } from "./registry.validation";

const userRef = z
  .object({ id: z.string(), email: z.string(), name: z.string() })
  .nullable();
export type UserRef = z.infer<typeof userRef>;

export const modelSummarySchema = z.object({
  name: z.string(),
  description: z.string().describe("Markdown"),
  task: z.enum(MODEL_TASKS),
  use_case: z.string(),
  status: z.enum(MODEL_STATUSES),
  key_metric: z.string().nullable(),
  owner: userRef,
  tags: z.record(z.string(), z.string()),
  latest_version: z.number().int().nullable(),
  staging_version: z.number().int().nullable(),
  production_version: z.number().int().nullable(),
  created_at: z.number().int().describe("Unix time in milliseconds"),
  updated_at: z.number().int().describe("Unix time in milliseconds"),
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

export const modelDetailSchema = modelSummarySchema.extend({
  aliases: z.array(z.object({ alias: z.string(), version: z.number().int() })),
});
export type ModelDetail = z.infer<typeof modelDetailSchema>;

export const versionSchema = z.object({
  model: z.string(),
  version: z.number().int(),
  description: z.string(),
  stage: z.enum(VERSION_STAGES).describe("none is shown as Development"),
  status: z.enum(VERSION_STATUSES),
  status_message: z.string().nullable(),
  source: z.string().nullable(),
  run_id: z.string().nullable(),
  run_link: z.string().nullable(),
  lineage: z.object({
    git_repo: z.string().nullable(),
    git_commit: z.string().nullable(),
    git_dirty: z.boolean().nullable(),
    dataset_name: z.string().nullable(),
    dataset_version: z.string().nullable(),
  }),
  framework: z.string().nullable(),
  flavor: z.string().nullable(),
  release_label: z.string().nullable(),
  params: z.record(z.string(), z.string()),
  metrics: z.record(z.string(), z.number()),
  signature: signatureSchema.nullable(),
  model_file: z
    .string()
    .nullable()
    .describe("The artifact the built-in endpoint serves"),
  content_digest: z
    .string()
    .nullable()
    .describe(
      "SHA-256 over the manifest of the version's files: what approvals bind to and what is signed",
    ),
  content_locked: z
    .boolean()
    .describe(
      "True once requested for a transition or out of Development: files, metrics, signature and parameters no longer change",
    ),
  tags: z.record(z.string(), z.string()),
  aliases: z.array(z.string()),
  created_by: userRef,
  created_at: z.number().int(),
  updated_at: z.number().int(),
  stage_changed_at: z.number().int().nullable(),
  unsafe_files: z
    .array(
      z.object({
        path: z.string(),
        imports: z.array(z.string()),
        reasons: z.array(z.string()),
      }),
    )
    .describe(
      "Files marked unsafe at upload: pickles importing globals outside the allowlist (imports), or that could not be scanned (reasons)",
    ),
});
export type VersionDto = z.infer<typeof versionSchema>;

export function versionDto(
  modelName: string,
  row: ModelVersionRow,
  extra: {
    metrics: Record<string, number>;
    tags: Record<string, string>;
    aliases: string[];
    createdBy: UserRef;
    contentLocked: boolean;
    unsafeFiles?: VersionDto["unsafe_files"];
  },
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
    lineage: {
      git_repo: row.gitRepo,
      git_commit: row.gitCommit,
      git_dirty: row.gitDirty,
      dataset_name: row.datasetName,
      dataset_version: row.datasetVersion,
    },
    framework: row.framework,
    flavor: row.flavor,
    release_label: row.releaseLabel,
    params: JSON.parse(row.params) as Record<string, string>,
    metrics: extra.metrics,
    signature: row.signature ? (JSON.parse(row.signature) as Signature) : null,
    model_file: row.modelFile,
    content_digest: row.contentDigest,
    content_locked: extra.contentLocked,
    tags: extra.tags,
    aliases: extra.aliases,
    created_by: extra.createdBy,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    stage_changed_at: row.stageChangedAt,
    unsafe_files: extra.unsafeFiles ?? [],
  };
}
