// The whole Stageline schema. Auth tables follow better-auth's expected shape (Date columns);
// Stageline's own tables store times as integer milliseconds.
// One long file on purpose: drizzle-kit reads this one schema (drizzle.config.ts), the tables
// reference each other, and migrations are generated from it as a whole.
import { sql } from "drizzle-orm";
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import {
  MODEL_STATUSES,
  MODEL_TASKS,
  POLICY_STAGES,
  REQUEST_KINDS,
  REQUEST_STATUSES,
  VERSION_STAGES,
  VERSION_STATUSES,
} from "./enums";
import { ROLES } from "./roles";

export { ROLES, type Role } from "./roles";
export * from "./enums";

const nowMs = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const user = sqliteTable(
  "user",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull().unique(),
    emailVerified: integer("email_verified", { mode: "boolean" })
      .notNull()
      .default(false),
    image: text("image"),
    role: text("role", { enum: ROLES }).notNull().default("data_scientist"),
    // A deactivated user keeps their history but can neither sign in nor use a token.
    deactivatedAt: integer("deactivated_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(nowMs),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(nowMs),
  },
  (t) => [index("user_role_idx").on(t.role)],
);

export const session = sqliteTable(
  "session",
  {
    id: text("id").primaryKey(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    token: text("token").notNull().unique(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(nowMs),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(nowMs),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
  },
  (t) => [index("session_user_idx").on(t.userId)],
);

export const account = sqliteTable(
  "account",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: integer("access_token_expires_at", {
      mode: "timestamp_ms",
    }),
    refreshTokenExpiresAt: integer("refresh_token_expires_at", {
      mode: "timestamp_ms",
    }),
    scope: text("scope"),
    password: text("password"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(nowMs),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(nowMs),
  },
  (t) => [index("account_user_idx").on(t.userId)],
);

export const verification = sqliteTable("verification", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull(),
  value: text("value").notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(nowMs),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(nowMs),
});

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id),
    name: text("name").notNull(),
    // SHA-256 of the secret; the secret itself is shown once and never stored.
    tokenHash: text("token_hash").notNull(),
    // The first characters of the secret, so a user can tell tokens apart in a list.
    prefix: text("prefix").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at"),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
    // "write": everything the owner's role allows; "read": reads and predictions only.
    scope: text("scope", { enum: ["read", "write"] })
      .notNull()
      .default("write"),
  },
  (t) => [
    uniqueIndex("api_tokens_hash_idx").on(t.tokenHash),
    index("api_tokens_user_idx").on(t.userId),
  ],
);

export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    // "session", "token:<id>", "cli", "system"
    via: text("via").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    before: text("before"),
    after: text("after"),
    requestId: text("request_id"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_entity_idx").on(t.entityType, t.entityId),
    index("audit_actor_idx").on(t.actorId),
    index("audit_at_idx").on(t.at),
  ],
);

export type UserRow = typeof user.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;

// ---------------------------------------------------------------- registry

export const registeredModels = sqliteTable(
  "registered_models",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    ownerId: text("owner_id").references(() => user.id),
    task: text("task", { enum: MODEL_TASKS }).notNull().default("other"),
    useCase: text("use_case").notNull().default(""),
    // The metric shown as "key metric" in version lists (e.g. auc, rmse).
    keyMetric: text("key_metric"),
    status: text("status", { enum: MODEL_STATUSES })
      .notNull()
      .default("active"),
    // The number the next version gets; only ever grows, so numbers are never reused.
    nextVersion: integer("next_version").notNull().default(1),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    deletedAt: integer("deleted_at"),
  },
  (t) => [
    // Names are unique among live models; a deleted model's name can be taken again.
    uniqueIndex("registered_models_name_live_idx")
      .on(t.name)
      .where(sql`deleted_at is null`),
    index("registered_models_updated_idx").on(t.updatedAt, t.id),
    index("registered_models_owner_idx").on(t.ownerId),
  ],
);

export const modelTags = sqliteTable(
  "model_tags",
  {
    modelId: integer("model_id")
      .notNull()
      .references(() => registeredModels.id),
    key: text("key").notNull(),
    value: text("value").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.key] }),
    index("model_tags_kv_idx").on(t.key, t.value, t.modelId),
  ],
);

export const modelVersions = sqliteTable(
  "model_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    modelId: integer("model_id")
      .notNull()
      .references(() => registeredModels.id),
    version: integer("version").notNull(),
    description: text("description").notNull().default(""),
    stage: text("stage", { enum: VERSION_STAGES }).notNull().default("none"),
    status: text("status", { enum: VERSION_STATUSES })
      .notNull()
      .default("ready"),
    statusMessage: text("status_message"),
    source: text("source"),
    runId: text("run_id"),
    runLink: text("run_link"),
    gitRepo: text("git_repo"),
    gitCommit: text("git_commit"),
    gitDirty: integer("git_dirty", { mode: "boolean" }),
    datasetName: text("dataset_name"),
    datasetVersion: text("dataset_version"),
    framework: text("framework"),
    flavor: text("flavor"),
    releaseLabel: text("release_label"),
    // JSON: { [name]: string } and { inputs: [{name,type,shape}], outputs: [...] }
    params: text("params").notNull().default("{}"),
    signature: text("signature"),
    // The artifact path the built-in endpoint serves (the flavor's model file), named when the
    // version is registered or its model file is uploaded; never guessed from the file list.
    modelFile: text("model_file"),
    // SHA-256 over the manifest of the version's files (path and SHA-256 of each, sorted by path):
    // what approvals bind to, what is signed, and what serving checks before it loads a model.
    contentDigest: text("content_digest"),
    createdBy: text("created_by").references(() => user.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    stageChangedAt: integer("stage_changed_at"),
    deletedAt: integer("deleted_at"),
  },
  // Triggers in migration 0016 (which drizzle cannot declare) hold two invariants in the database:
  // at most one live production version per model under a single-version policy, and a model's
  // next_version only grows. transition_requests has a third: a request leaves `open` once.
  (t) => [
    uniqueIndex("model_versions_model_version_idx").on(t.modelId, t.version),
    uniqueIndex("model_versions_release_idx")
      .on(t.modelId, t.releaseLabel)
      .where(sql`release_label is not null and deleted_at is null`),
    index("model_versions_model_stage_idx").on(t.modelId, t.stage, t.version),
    // Covering indexes for the dashboard's counts by stage and registrations by week.
    index("model_versions_stage_cover_idx").on(t.stage, t.deletedAt, t.modelId),
    index("model_versions_created_cover_idx").on(
      t.createdAt,
      t.deletedAt,
      t.modelId,
    ),
    index("model_versions_run_idx").on(t.runId),
  ],
);

export const versionMetrics = sqliteTable(
  "version_metrics",
  {
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id),
    key: text("key").notNull(),
    value: real("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.key] })],
);

export const versionTags = sqliteTable(
  "version_tags",
  {
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id),
    key: text("key").notNull(),
    value: text("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.key] })],
);

export const modelAliases = sqliteTable(
  "model_aliases",
  {
    modelId: integer("model_id")
      .notNull()
      .references(() => registeredModels.id),
    alias: text("alias").notNull(),
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.alias] }),
    index("model_aliases_version_idx").on(t.versionId),
  ],
);

export const blobs = sqliteTable("blobs", {
  sha256: text("sha256").primaryKey(),
  size: integer("size").notNull(),
  createdAt: integer("created_at").notNull(),
  // Set when retirement garbage collection deleted the file; cleared if the same bytes come back.
  releasedAt: integer("released_at"),
});

export const artifacts = sqliteTable(
  "artifacts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id),
    path: text("path").notNull(),
    sha256: text("sha256")
      .notNull()
      .references(() => blobs.sha256),
    size: integer("size").notNull(),
    contentType: text("content_type")
      .notNull()
      .default("application/octet-stream"),
    createdBy: text("created_by").references(() => user.id),
    createdAt: integer("created_at").notNull(),
    // JSON ArtifactScan (lib/registry/scan.ts): what the upload check found, e.g. a pickle's
    // imports outside the allowlist. Null for files that need no scan.
    scan: text("scan"),
  },
  (t) => [
    uniqueIndex("artifacts_version_path_idx").on(t.versionId, t.path),
    index("artifacts_sha_idx").on(t.sha256),
  ],
);

export type RegisteredModelRow = typeof registeredModels.$inferSelect;
export type ModelVersionRow = typeof modelVersions.$inferSelect;
export type ArtifactRow = typeof artifacts.$inferSelect;

// ---------------------------------------------------------------- lifecycle

/** Promotion rules per target stage; model_id null is the default for every model. */
export const policies = sqliteTable(
  "policies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    modelId: integer("model_id").references(() => registeredModels.id),
    stage: text("stage", { enum: POLICY_STAGES }).notNull(),
    requiredApprovals: integer("required_approvals").notNull(),
    // JSON string[] of user ids allowed to approve; empty means any reviewer (or admin).
    approverIds: text("approver_ids").notNull().default("[]"),
    // JSON string[] of gate expressions, e.g. "auc >= 0.85", "beats production on auc".
    gates: text("gates").notNull().default("[]"),
    // Production only: the previous production version is archived when a new one is applied.
    singleVersion: integer("single_version", { mode: "boolean" })
      .notNull()
      .default(true),
    // Production only: the `champion` alias follows the production version.
    championFollows: integer("champion_follows", { mode: "boolean" })
      .notNull()
      .default(false),
    // Production only: JSON string[] of aliases that move only through an approved request.
    protectedAliases: text("protected_aliases")
      .notNull()
      .default('["champion"]'),
    updatedAt: integer("updated_at").notNull(),
  },
  // NULLs are distinct in a unique index, so the one-default-per-stage rule lives in lib/lifecycle/policies.ts.
  (t) => [uniqueIndex("policies_scope_idx").on(t.modelId, t.stage)],
);

export const transitionRequests = sqliteTable(
  "transition_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    modelId: integer("model_id")
      .notNull()
      .references(() => registeredModels.id),
    // Null only for the retirement of a whole model (kind "retirement", to_stage "retired").
    versionId: integer("version_id").references(() => modelVersions.id),
    fromStage: text("from_stage", { enum: VERSION_STAGES }).notNull(),
    toStage: text("to_stage", { enum: POLICY_STAGES }).notNull(),
    kind: text("kind", { enum: REQUEST_KINDS }).notNull().default("transition"),
    // Kind "alias" only: the protected alias to point at version_id when approved.
    alias: text("alias"),
    status: text("status", { enum: REQUEST_STATUSES })
      .notNull()
      .default("open"),
    requestedBy: text("requested_by").references(() => user.id),
    comment: text("comment").notNull().default(""),
    // SHA-256 over the version's artifacts and metrics when requested: approvals bind to it.
    evidenceHash: text("evidence_hash").notNull(),
    override: integer("override", { mode: "boolean" }).notNull().default(false),
    resolvedBy: text("resolved_by").references(() => user.id),
    resolutionComment: text("resolution_comment"),
    createdAt: integer("created_at").notNull(),
    resolvedAt: integer("resolved_at"),
  },
  (t) => [
    uniqueIndex("transition_requests_one_open_idx")
      .on(t.versionId, t.toStage, sql`coalesce(${t.alias}, '')`)
      .where(sql`status = 'open'`),
    index("transition_requests_status_idx").on(t.status, t.createdAt),
    index("transition_requests_version_idx").on(t.versionId),
  ],
);

export const RETIREMENT_CATEGORIES = [
  "replaced",
  "underperforming",
  "compliance",
  "no_longer_needed",
] as const;
/**
 * requested (its request is open) -> scheduled (approved: deprecated until the sunset) -> retired
 * (read-only, not served) -> released (blobs freed after the retention period); or rejected,
 * cancelled, restored (an admin undid it before the release).
 */
export const RETIREMENT_STATUSES = [
  "requested",
  "scheduled",
  "retired",
  "released",
  "restored",
  "rejected",
  "cancelled",
] as const;

export const retirements = sqliteTable(
  "retirements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    requestId: integer("request_id")
      .notNull()
      .references(() => transitionRequests.id),
    modelId: integer("model_id")
      .notNull()
      .references(() => registeredModels.id),
    // Null: the whole model with all its versions.
    versionId: integer("version_id").references(() => modelVersions.id),
    category: text("category", { enum: RETIREMENT_CATEGORIES }).notNull(),
    reason: text("reason").notNull(),
    replacementModelId: integer("replacement_model_id").references(
      () => registeredModels.id,
    ),
    replacementVersionId: integer("replacement_version_id").references(
      () => modelVersions.id,
    ),
    sunsetAt: integer("sunset_at").notNull(),
    retentionDays: integer("retention_days").notNull(),
    status: text("status", { enum: RETIREMENT_STATUSES })
      .notNull()
      .default("requested"),
    // JSON number[]: the days-before-sunset notices already sent (30, 7, 1), so each goes once.
    noticesSent: text("notices_sent").notNull().default("[]"),
    approvedAt: integer("approved_at"),
    retiredAt: integer("retired_at"),
    releaseAfter: integer("release_after"),
    releasedAt: integer("released_at"),
    bytesFreed: integer("bytes_freed"),
    restoredAt: integer("restored_at"),
    createdBy: text("created_by").references(() => user.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("retirements_request_idx").on(t.requestId),
    index("retirements_status_idx").on(t.status, t.sunsetAt),
    index("retirements_model_idx").on(t.modelId),
  ],
);

export type RetirementRow = typeof retirements.$inferSelect;

export const reviews = sqliteTable(
  "reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    requestId: integer("request_id")
      .notNull()
      .references(() => transitionRequests.id),
    reviewerId: text("reviewer_id")
      .notNull()
      .references(() => user.id),
    decision: text("decision", { enum: ["approve", "reject"] }).notNull(),
    comment: text("comment").notNull().default(""),
    evidenceHash: text("evidence_hash").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  // One review per reviewer per state of the evidence: a stale request can be approved afresh.
  (t) => [
    uniqueIndex("reviews_once_idx").on(
      t.requestId,
      t.reviewerId,
      t.evidenceHash,
    ),
  ],
);

/** Every stage change, so "what was in production on 3 March" is one query. */
export const stageChanges = sqliteTable(
  "stage_changes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    modelId: integer("model_id")
      .notNull()
      .references(() => registeredModels.id),
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id),
    fromStage: text("from_stage", { enum: VERSION_STAGES }).notNull(),
    toStage: text("to_stage", { enum: VERSION_STAGES }).notNull(),
    requestId: integer("request_id").references(() => transitionRequests.id),
    actorId: text("actor_id"),
    override: integer("override", { mode: "boolean" }).notNull().default(false),
    reason: text("reason"),
    at: integer("at").notNull(),
  },
  (t) => [
    index("stage_changes_model_idx").on(t.modelId, t.at),
    index("stage_changes_version_idx").on(t.versionId, t.at),
  ],
);

export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id),
    authorId: text("author_id")
      .notNull()
      .references(() => user.id),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    deletedAt: integer("deleted_at"),
  },
  (t) => [index("comments_version_idx").on(t.versionId, t.createdAt)],
);

export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id),
    kind: text("kind").notNull(),
    message: text("message").notNull(),
    link: text("link"),
    createdAt: integer("created_at").notNull(),
    readAt: integer("read_at"),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.readAt, t.id)],
);

export const webhooks = sqliteTable("webhooks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  url: text("url").notNull(),
  // JSON string[] of event types, or ["*"].
  events: text("events").notNull(),
  secret: text("secret").notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  createdBy: text("created_by").references(() => user.id),
  createdAt: integer("created_at").notNull(),
});

export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id),
    // A stable id the receiver can deduplicate on (retries keep it).
    deliveryId: text("delivery_id").notNull(),
    event: text("event").notNull(),
    payload: text("payload").notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    deliveredAt: integer("delivered_at"),
    // Set while a send is in flight; one still set at start-up was cut off by a crash (lib/webhooks).
    leasedAt: integer("leased_at"),
  },
  (t) => [
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("webhook_deliveries_hook_idx").on(t.webhookId, t.id),
  ],
);

export type PolicyRow = typeof policies.$inferSelect;
export type TransitionRequestRow = typeof transitionRequests.$inferSelect;
export type ReviewRow = typeof reviews.$inferSelect;

// ---------------------------------------------------------------- evaluation

/** One evaluation of a version on one data set and split; figures are stored as computed (JSON). */
export const evaluations = sqliteTable(
  "evaluations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id),
    dataset: text("dataset").notNull(),
    split: text("split").notNull(),
    task: text("task", { enum: ["classification", "regression"] }).notNull(),
    rows: integer("rows"),
    metrics: text("metrics").notNull(),
    curves: text("curves").notNull().default("{}"),
    confusion: text("confusion"),
    slices: text("slices").notNull().default("[]"),
    fairness: text("fairness").notNull().default("[]"),
    history: text("history").notNull().default("[]"),
    importance: text("importance").notNull().default("[]"),
    createdBy: text("created_by").references(() => user.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("evaluations_version_idx").on(t.versionId, t.createdAt)],
);

/** Editable model card sections (markdown); the rest of the card is filled from registry data. */
export const modelCards = sqliteTable("model_cards", {
  modelId: integer("model_id")
    .primaryKey()
    .references(() => registeredModels.id),
  sections: text("sections").notNull().default("{}"),
  updatedBy: text("updated_by").references(() => user.id),
  updatedAt: integer("updated_at").notNull(),
});

export type EvaluationRow = typeof evaluations.$inferSelect;

// ---------------------------------------------------------------- deployment and monitoring

export const DEPLOYMENT_STATUSES = [
  "pending",
  "live",
  "failed",
  "stopped",
] as const;

export const deployments = sqliteTable(
  "deployments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    modelId: integer("model_id")
      .notNull()
      .references(() => registeredModels.id),
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id),
    environment: text("environment").notNull(),
    // "stageline" for the built-in ONNX endpoint, "external" for anything else.
    target: text("target", { enum: ["stageline", "external"] }).notNull(),
    endpointUrl: text("endpoint_url"),
    platform: text("platform"),
    status: text("status", { enum: DEPLOYMENT_STATUSES })
      .notNull()
      .default("live"),
    trafficShare: real("traffic_share").notNull().default(1),
    createdBy: text("created_by").references(() => user.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("deployments_model_idx").on(t.modelId, t.status),
    index("deployments_version_idx").on(t.versionId, t.status),
  ],
);

/** Raw monitoring points (latency, errors, pushed metrics); dropped after the retention period. */
export const metricPoints = sqliteTable(
  "metric_points",
  {
    // A plain rowid key, not AUTOINCREMENT: the hottest insert skips updating sqlite_sequence (+17%).
    id: integer("id").primaryKey(),
    deploymentId: integer("deployment_id")
      .notNull()
      .references(() => deployments.id),
    name: text("name").notNull(),
    at: integer("at").notNull(),
    value: real("value").notNull(),
  },
  (t) => [
    index("metric_points_dep_name_at_idx").on(t.deploymentId, t.name, t.at),
  ],
);

/** Per-minute rollups, kept after the raw points are gone. */
export const metricRollups = sqliteTable(
  "metric_rollups",
  {
    deploymentId: integer("deployment_id")
      .notNull()
      .references(() => deployments.id),
    name: text("name").notNull(),
    minute: integer("minute").notNull(),
    count: integer("count").notNull(),
    sum: real("sum").notNull(),
    min: real("min").notNull(),
    max: real("max").notNull(),
    p50: real("p50"),
    p95: real("p95"),
    p99: real("p99"),
    // The minute's DDSketch (lib/monitoring/recorder.ts), so every process's flush merges into it.
    sketch: blob("sketch", { mode: "buffer" }),
  },
  (t) => [primaryKey({ columns: [t.deploymentId, t.name, t.minute] })],
);

export type DeploymentRow = typeof deployments.$inferSelect;

export const ALERT_STATES = [
  "pending",
  "firing",
  "resolved",
  "no_data",
] as const;

/** Prometheus-like rules over a deployment's monitoring points. */
export const alertRules = sqliteTable("alert_rules", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  // null: every live deployment in the `production` environment.
  deploymentId: integer("deployment_id").references(() => deployments.id),
  metric: text("metric").notNull(),
  aggregation: text("aggregation", {
    enum: ["avg", "p95", "p99", "max", "rate"],
  }).notNull(),
  comparator: text("comparator", { enum: [">", ">=", "<", "<="] }).notNull(),
  threshold: real("threshold").notNull(),
  windowSeconds: integer("window_seconds").notNull(),
  forSeconds: integer("for_seconds").notNull().default(0),
  severity: text("severity", { enum: ["info", "warning", "critical"] })
    .notNull()
    .default("warning"),
  runbookUrl: text("runbook_url"),
  autoRollback: integer("auto_rollback", { mode: "boolean" })
    .notNull()
    .default(false),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  // Silenced until this time (ms): not evaluated, so no state change, notification, webhook or
  // automatic rollback until then. Null: not silenced.
  silencedUntil: integer("silenced_until"),
  createdBy: text("created_by").references(() => user.id),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** The current state of one rule on one deployment; transitions are events (audit, bell, webhooks). */
export const alerts = sqliteTable(
  "alerts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ruleId: integer("rule_id")
      .notNull()
      .references(() => alertRules.id),
    deploymentId: integer("deployment_id")
      .notNull()
      .references(() => deployments.id),
    state: text("state", { enum: ALERT_STATES }).notNull(),
    value: real("value"),
    pendingSince: integer("pending_since"),
    firedAt: integer("fired_at"),
    resolvedAt: integer("resolved_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("alerts_rule_deployment_idx").on(t.ruleId, t.deploymentId),
    index("alerts_state_idx").on(t.state),
  ],
);

export type AlertRuleRow = typeof alertRules.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;

/** A version's reference distribution per input feature (from its training data), for drift. */
export const referenceDistributions = sqliteTable(
  "reference_distributions",
  {
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id),
    feature: text("feature").notNull(),
    kind: text("kind", { enum: ["numeric", "categorical"] }).notNull(),
    // numeric: {edges: number[], proportions: number[], sample: number[]}; categorical: {proportions: {value: p}}
    data: text("data").notNull(),
    rows: integer("rows").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.feature] })],
);

/** Served predictions kept for matching ground truth (feedback); dropped with the raw points. */
export const predictions = sqliteTable(
  "predictions",
  {
    id: text("id").primaryKey(),
    deploymentId: integer("deployment_id")
      .notNull()
      .references(() => deployments.id),
    /** The caller's own key for the row (e.g. a transaction id), sent with the request as `keys`. */
    key: text("key"),
    value: real("value").notNull(),
    at: integer("at").notNull(),
    actual: real("actual"),
  },
  (t) => [
    index("predictions_dep_at_idx").on(t.deploymentId, t.at),
    index("predictions_dep_key_idx").on(t.deploymentId, t.key),
  ],
);

// ---------------------------------------------------------------- integrity

export const MODEL_PERMISSION_LEVELS = ["edit", "manage"] as const;
export type ModelPermissionLevel = (typeof MODEL_PERMISSION_LEVELS)[number];

/**
 * Per-model grants beyond the owner (who always manages), as MLflow's permission model has them:
 * `edit` adds versions and artifacts, `manage` also changes the model and its grants.
 */
export const modelPermissions = sqliteTable(
  "model_permissions",
  {
    modelId: integer("model_id")
      .notNull()
      .references(() => registeredModels.id),
    userId: text("user_id")
      .notNull()
      .references(() => user.id),
    level: text("level", { enum: MODEL_PERMISSION_LEVELS }).notNull(),
    grantedBy: text("granted_by").references(() => user.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.userId] }),
    index("model_permissions_user_idx").on(t.userId),
  ],
);

/** Public keys a team trusts for version signatures made outside Stageline (e.g. in CI). */
export const signingKeys = sqliteTable(
  "signing_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    // PEM of the SubjectPublicKeyInfo (ECDSA P-256).
    publicKey: text("public_key").notNull(),
    // SHA-256 hex of the DER SubjectPublicKeyInfo: the key's id in bundles and the UI.
    fingerprint: text("fingerprint").notNull(),
    createdBy: text("created_by").references(() => user.id),
    createdAt: integer("created_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("signing_keys_fingerprint_idx").on(t.fingerprint)],
);

export const SIGNATURE_KINDS = ["stageline", "uploaded"] as const;

/**
 * OpenSSF model-signing bundles over a version's manifest: Stageline's own (made at registration
 * and whenever the content changes before it locks) and one a team's CI may upload.
 */
export const versionSignatures = sqliteTable(
  "version_signatures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id),
    kind: text("kind", { enum: SIGNATURE_KINDS }).notNull(),
    // The Sigstore bundle as JSON text, exactly as served.
    bundle: text("bundle").notNull(),
    // The content digest the bundle's statement covers.
    contentDigest: text("content_digest").notNull(),
    keyFingerprint: text("key_fingerprint").notNull(),
    // Uploaded bundles: the trusted key that verified it (null if no registered key matched).
    signingKeyId: integer("signing_key_id").references(() => signingKeys.id),
    createdBy: text("created_by").references(() => user.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("version_signatures_version_kind_idx").on(t.versionId, t.kind),
  ],
);

export type ModelPermissionRow = typeof modelPermissions.$inferSelect;
export type SigningKeyRow = typeof signingKeys.$inferSelect;
export type VersionSignatureRow = typeof versionSignatures.$inferSelect;

// ---------------------------------------------------------------- runtime (several processes)

/** Failed sign-ins per key (`email:...`, `ip:...`), kept for the limit's window and then pruned. */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    id: integer("id").primaryKey(),
    key: text("key").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("sign_in_failures_key_at_idx").on(t.key, t.at)],
);

/**
 * One row per named counter shared by every process: `cache` is bumped in the transaction of
 * every domain event, so a process (or the CLI) that changes something invalidates the caches of
 * all the others before their next request.
 */
export const runtimeCounters = sqliteTable("runtime_counters", {
  name: text("name").primaryKey(),
  value: integer("value").notNull(),
});

/** Leases held by one process at a time (the scheduler): taken over once `expires_at` passes. */
export const leases = sqliteTable("leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  acquiredAt: integer("acquired_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
});
