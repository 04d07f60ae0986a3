// One transition request as a reviewer sees it: policy, gates, reviews, staleness, and the evidence
// next to the current production version (built for every request the reads in ./queries.ts return).
import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  modelVersions,
  retirements,
  reviews,
  user,
  type TransitionRequestRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/errors";
import { aliasPointer } from "@/lib/registry/aliases";
import { metricsOf } from "@/lib/registry/version-fields";
import type { GateResult } from "./gates";
import { effectivePolicy } from "./policies";
import { newestInProduction } from "./production";
import {
  countApprovals,
  gateResults,
  requestEvidence,
  subjectOf,
} from "./review-state";
import {
  retirementImpact,
  type RetirementImpact,
} from "@/lib/retirement/impact";
import {
  toDto as retirementDto,
  type RetirementDto,
} from "@/lib/retirement/queries";

export type RequestDto = {
  id: number;
  kind: TransitionRequestRow["kind"];
  status: TransitionRequestRow["status"];
  model: string;
  /** Null only for the retirement of a whole model. */
  version: number | null;
  /** Alias requests (kind "alias"): the alias to point at `version`, and the version it points at now. */
  alias: string | null;
  alias_current_version: number | null;
  from_stage: string;
  to_stage: string;
  comment: string;
  requested_by: { id: string; name: string; email: string } | null;
  created_at: number;
  resolved_at: number | null;
  resolution_comment: string | null;
  override: boolean;
  stale: boolean;
  approvals: number;
  required_approvals: number;
  policy_source: string;
  /** The metric the model's owner named as the one that matters (shown first to reviewers), or null. */
  key_metric: string | null;
  gates: GateResult[];
  reviews: {
    reviewer: string;
    reviewer_id: string;
    decision: "approve" | "reject";
    comment: string;
    created_at: number;
    current: boolean;
  }[];
  metrics: Record<string, number>;
  production: { version: number; metrics: Record<string, number> } | null;
  /** Retirement requests: the details, and (while open) what still depends on the model or version. */
  retirement?: RetirementDto & { impact: RetirementImpact | null };
};
function aliasVersion(db: Db, modelId: number, alias: string): number | null {
  const pointer = aliasPointer(db, modelId, alias);
  if (!pointer) return null;
  return (
    db
      .select({ version: modelVersions.version })
      .from(modelVersions)
      .where(eq(modelVersions.id, pointer.versionId))
      .get()?.version ?? null
  );
}

// Built once per connection: a list of requests runs these for every one of them.
const reviewsOf = preparedQuery((db) =>
  db
    .select({
      reviewer: user.name,
      reviewer_id: reviews.reviewerId,
      decision: reviews.decision,
      comment: reviews.comment,
      created_at: reviews.createdAt,
      evidence: reviews.evidenceHash,
    })
    .from(reviews)
    .innerJoin(user, eq(user.id, reviews.reviewerId))
    .where(eq(reviews.requestId, sql.placeholder("requestId")))
    .orderBy(asc(reviews.id))
    .prepare(),
);
const requesterOf = preparedQuery((db) =>
  db
    .select({ id: user.id, name: user.name, email: user.email })
    .from(user)
    .where(eq(user.id, sql.placeholder("id")))
    .prepare(),
);
const retirementOf = preparedQuery((db) =>
  db
    .select()
    .from(retirements)
    .where(eq(retirements.requestId, sql.placeholder("requestId")))
    .prepare(),
);

export function toDto(
  db: Db,
  r: TransitionRequestRow,
  viewer: Actor,
): RequestDto {
  const { model, version } = subjectOf(db, r);
  if (!model || (r.versionId !== null && !version))
    throw new DomainError(
      "not_found",
      `Request #${r.id} refers to a missing version`,
    );
  const policy = effectivePolicy(db, model.id, r.toStage);
  const evidence = requestEvidence(db, r);
  const reviewRows = reviewsOf(db).all({ requestId: r.id });
  const requester = r.requestedBy
    ? (requesterOf(db).get({ id: r.requestedBy }) ?? null)
    : null;
  const prod = newestInProduction(db, model.id, version?.id);
  const retirementRow =
    r.kind === "retirement"
      ? retirementOf(db).get({ requestId: r.id })
      : undefined;
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    model: model.name,
    version: version?.version ?? null,
    alias: r.alias,
    alias_current_version:
      r.kind === "alias" && r.alias
        ? aliasVersion(db, model.id, r.alias)
        : null,
    from_stage: r.fromStage,
    to_stage: r.toStage,
    comment: r.comment,
    requested_by: requester,
    created_at: r.createdAt,
    resolved_at: r.resolvedAt,
    resolution_comment: r.resolutionComment,
    override: r.override,
    stale: r.status === "open" && r.evidenceHash !== evidence,
    approvals: countApprovals(db, r.id, evidence),
    required_approvals: policy.requiredApprovals,
    policy_source: policy.source,
    key_metric: model.keyMetric,
    gates:
      r.status === "open" && version && r.kind !== "retirement"
        ? gateResults(db, model, version, policy)
        : [],
    reviews: reviewRows.map(({ evidence: e, ...rest }) => ({
      ...rest,
      current: e === evidence,
    })),
    metrics: version ? metricsOf(db, version.id) : {},
    production: prod
      ? { version: prod.version, metrics: metricsOf(db, prod.id) }
      : null,
    ...(retirementRow
      ? {
          retirement: {
            ...retirementDto(db, retirementRow),
            impact:
              r.status === "open"
                ? retirementImpact(db, viewer, r.modelId, r.versionId, r.id)
                : null,
          },
        }
      : {}),
  };
}
