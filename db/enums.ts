// The registry's and the lifecycle's value sets, as plain values: the schema's column enums
// (db/schema.ts re-exports them), and importable by client components without Drizzle.

export const MODEL_TASKS = ["classification", "regression", "other"] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];
export const MODEL_STATUSES = ["active", "deprecated", "retired"] as const;
export const VERSION_STAGES = [
  "none",
  "staging",
  "production",
  "archived",
  "retired",
] as const;
export type VersionStage = (typeof VERSION_STAGES)[number];
export const VERSION_STATUSES = ["pending", "ready", "failed"] as const;

export const REQUEST_STATUSES = [
  "open",
  "applied",
  "rejected",
  "cancelled",
] as const;
export const REQUEST_KINDS = [
  "transition",
  "rollback",
  "retirement",
  "alias",
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const TARGET_STAGES = ["staging", "production", "archived"] as const;
export type TargetStage = (typeof TARGET_STAGES)[number];
/** Stages a request can lead to, each with its policy: the promotion targets, and retirement. */
export const POLICY_STAGES = [...TARGET_STAGES, "retired"] as const;
export type PolicyStage = (typeof POLICY_STAGES)[number];
