// What the lifecycle's routes answer with: requests, stage history, policies, model cards and
// retirements, each checked against the service's DTO type.
import { z } from "zod";
import {
  POLICY_STAGES,
  REQUEST_KINDS,
  REQUEST_STATUSES,
  RETIREMENT_CATEGORIES,
  RETIREMENT_STATUSES,
} from "@/db/schema";
import type { RequestDto } from "@/lib/lifecycle/request-dto";
import type { StageChangeDto } from "@/lib/lifecycle/stage-history";
import type { Policy } from "@/lib/lifecycle/policies";
import { CARD_SECTIONS, type ModelCard } from "@/lib/model-card/model-card";
import type { RetirementDto } from "@/lib/retirement/queries";
import type { RetirementImpact } from "@/lib/retirement/impact";
import type { StorageReport } from "@/lib/retirement/storage";
import { documents, int, when } from "../helpers";

const metrics = z.record(z.string(), z.number());

export const retirementSchema = documents<RetirementDto>()(
  z.object({
    id: int,
    request_id: int,
    model: z.string(),
    version: int.nullable().describe("Null: the whole model"),
    category: z.enum(RETIREMENT_CATEGORIES),
    reason: z.string(),
    replacement: z
      .object({ model: z.string(), version: int.nullable() })
      .nullable(),
    sunset_at: when,
    retention_days: int,
    status: z.enum(RETIREMENT_STATUSES),
    requested_by: z.object({ id: z.string(), name: z.string() }).nullable(),
    created_at: when,
    approved_at: int.nullable(),
    retired_at: int.nullable(),
    release_after: int.nullable(),
    released_at: int.nullable(),
    bytes_freed: int.nullable(),
    restored_at: int.nullable(),
    notices_sent: z.array(int).describe("Days before the sunset already told"),
  }),
);

export const impactSchema = documents<RetirementImpact>()(
  z.object({
    deployments: z.array(
      z.object({
        id: int,
        version: int,
        environment: z.string(),
        target: z.string(),
        status: z.string(),
      }),
    ),
    aliases: z.array(z.object({ alias: z.string(), version: int })),
    requests_7d: int,
    open_requests: z.array(
      z.object({
        id: int,
        version: int.nullable(),
        to_stage: z.string(),
        kind: z.string(),
      }),
    ),
    webhooks: z.array(
      z.object({
        id: int,
        url: z.string().optional().describe("Only for webhook managers"),
        events: z.array(z.string()),
      }),
    ),
    checklist: z.array(z.string()),
  }),
);

export const retirementWithImpact = retirementSchema.extend({
  impact: impactSchema.nullable(),
});

export const requestSchema = documents<RequestDto>()(
  z.object({
    id: int,
    kind: z.enum(REQUEST_KINDS),
    status: z.enum(REQUEST_STATUSES),
    model: z.string(),
    version: int
      .nullable()
      .describe("Null only for a whole model's retirement"),
    alias: z.string().nullable(),
    alias_current_version: int.nullable(),
    from_stage: z.string(),
    to_stage: z.string(),
    comment: z.string(),
    requested_by: z
      .object({ id: z.string(), name: z.string(), email: z.string() })
      .nullable(),
    created_at: when,
    resolved_at: int.nullable(),
    resolution_comment: z.string().nullable(),
    override: z.boolean(),
    stale: z.boolean(),
    approvals: int,
    required_approvals: int,
    policy_source: z.string(),
    key_metric: z
      .string()
      .nullable()
      .describe("The model's key metric, shown first to reviewers"),
    gates: z.array(
      z.object({ gate: z.string(), pass: z.boolean(), detail: z.string() }),
    ),
    reviews: z.array(
      z.object({
        reviewer: z.string(),
        reviewer_id: z.string(),
        decision: z.enum(["approve", "reject"]),
        comment: z.string(),
        created_at: when,
        current: z.boolean(),
      }),
    ),
    metrics,
    production: z.object({ version: int, metrics }).nullable(),
    retirement: retirementWithImpact
      .optional()
      .describe("Retirement requests only"),
  }),
);

export const stageChangeSchema = documents<StageChangeDto>()(
  z.object({
    version: int,
    from_stage: z.string(),
    to_stage: z.string(),
    at: when,
    actor: z.string().nullable(),
    override: z.boolean(),
    reason: z.string().nullable(),
    request_id: int.nullable(),
  }),
);

export const policySchema = documents<Policy>()(
  z.object({
    stage: z.enum(POLICY_STAGES),
    requiredApprovals: int,
    approverIds: z.array(z.string()),
    gates: z.array(z.string()),
    singleVersion: z.boolean(),
    championFollows: z.boolean(),
    protectedAliases: z.array(z.string()),
    source: z.enum(["model", "default", "built-in"]),
  }),
);

const sectionKeys = CARD_SECTIONS.map(([key]) => key) as [
  (typeof CARD_SECTIONS)[number][0],
  ...(typeof CARD_SECTIONS)[number][0][],
];

export const modelCardSchema = documents<ModelCard>()(
  z.object({
    model: z.string(),
    complete: z.boolean(),
    missing: z.array(z.string()),
    sections: z.array(
      z.object({
        key: z.enum(sectionKeys),
        title: z.string(),
        generated: z.string().nullable(),
        text: z.string(),
      }),
    ),
  }),
);

export const storageSchema = documents<StorageReport>()(
  z.object({
    pending: z.array(
      z.object({
        retirement_id: int,
        model: z.string(),
        version: int.nullable(),
        release_after: when,
        due: z.boolean(),
        blobs: int,
        bytes: int,
        shared_kept: int,
      }),
    ),
    released: z.array(
      z.object({
        retirement_id: int,
        model: z.string(),
        version: int.nullable(),
        released_at: when,
        bytes_freed: int,
      }),
    ),
    bytes_due_now: int,
    bytes_scheduled: int,
  }),
);
