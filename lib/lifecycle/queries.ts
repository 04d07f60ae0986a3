// Reading transition requests with everything a reviewer needs: policy, gates, reviews, staleness,
// and the evidence next to the current production version.
import "server-only";
import {
  and,
  asc,
  count,
  desc,
  eq,
  isNull,
  lt,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  modelVersions,
  registeredModels,
  REQUEST_STATUSES,
  retirements,
  reviews,
  stageChanges,
  transitionRequests,
  user,
  type TransitionRequestRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { aliasPointer } from "@/lib/registry/aliases";
import { loadModel, loadVersion } from "@/lib/registry/load";
import { metricsOf } from "@/lib/registry/version-fields";
import type { GateResult } from "./gates";
import { effectivePolicy } from "./policies";
import {
  countApprovals,
  gateResults,
  previousProduction,
  requestEvidence,
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

export function listRequests(
  actor: Actor,
  opts: { status?: string; limit?: number; before?: number } = {},
): RequestDto[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const filters: SQL[] = [];
  if (opts.status) {
    if (!(REQUEST_STATUSES as readonly string[]).includes(opts.status))
      throw new DomainError(
        "invalid",
        "status must be open, applied, rejected or cancelled",
        { fields: { status: ["Unknown status"] } },
      );
    filters.push(
      eq(
        transitionRequests.status,
        opts.status as TransitionRequestRow["status"],
      ),
    );
  }
  if (opts.before) filters.push(lt(transitionRequests.id, opts.before));
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 200);
  const rows = db
    .select()
    .from(transitionRequests)
    .where(and(...filters))
    .orderBy(desc(transitionRequests.id))
    .limit(limit)
    .all();
  return rows.map((r) => toDto(db, r, actor));
}

export function getRequest(actor: Actor, id: number): RequestDto {
  assertCan(actor, "models.read");
  const db = getDb();
  const row = db
    .select()
    .from(transitionRequests)
    .where(eq(transitionRequests.id, id))
    .get();
  if (!row)
    throw new DomainError("not_found", `Transition request #${id} not found`);
  return toDto(db, row, actor);
}

export function versionRequests(
  actor: Actor,
  modelName: string,
  version: string,
): RequestDto[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  return db
    .select()
    .from(transitionRequests)
    .where(eq(transitionRequests.versionId, v.id))
    .orderBy(desc(transitionRequests.id))
    .all()
    .map((r) => toDto(db, r, actor));
}

const openCount = preparedQuery((db) =>
  db
    .select({ n: count() })
    .from(transitionRequests)
    .where(eq(transitionRequests.status, "open"))
    .prepare(),
);

export function openRequestCount(): number {
  return openCount(getDb()).get()?.n ?? 0;
}

export type StageChangeDto = {
  version: number;
  from_stage: string;
  to_stage: string;
  at: number;
  actor: string | null;
  override: boolean;
  reason: string | null;
  request_id: number | null;
};

/** The model's stage changes, oldest first: the timeline of what was where, and when. */
export function stageHistory(
  actor: Actor,
  modelName: string,
  version?: string,
): StageChangeDto[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const model = loadModel(db, modelName);
  const versionId =
    version === undefined ? null : loadVersion(db, model, version).id;
  return stageChangesOf(db).all({ modelId: model.id, versionId });
}

const stageChangesOf = preparedQuery((db) =>
  db
    .select({
      version: modelVersions.version,
      from_stage: stageChanges.fromStage,
      to_stage: stageChanges.toStage,
      at: stageChanges.at,
      actor: user.name,
      override: stageChanges.override,
      reason: stageChanges.reason,
      request_id: stageChanges.requestId,
    })
    .from(stageChanges)
    .innerJoin(modelVersions, eq(modelVersions.id, stageChanges.versionId))
    .leftJoin(user, eq(user.id, stageChanges.actorId))
    .where(
      and(
        eq(stageChanges.modelId, sql.placeholder("modelId")),
        or(
          sql`${sql.placeholder("versionId")} is null`,
          eq(stageChanges.versionId, sql.placeholder("versionId")),
        ),
      ),
    )
    .orderBy(asc(stageChanges.at), asc(stageChanges.id))
    .prepare(),
);

/** Which versions were in production at `at` (ms): replays the stage changes up to that moment. */
export function productionAt(history: StageChangeDto[], at: number): number[] {
  const live = new Set<number>();
  for (const c of history) {
    if (c.at > at) break;
    if (c.to_stage === "production") live.add(c.version);
    else if (c.from_stage === "production") live.delete(c.version);
  }
  return [...live].sort((a, b) => a - b);
}

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

function toDto(db: Db, r: TransitionRequestRow, viewer: Actor): RequestDto {
  const model = db
    .select()
    .from(registeredModels)
    .where(eq(registeredModels.id, r.modelId))
    .get();
  const version =
    r.versionId === null
      ? null
      : (db
          .select()
          .from(modelVersions)
          .where(eq(modelVersions.id, r.versionId))
          .get() ?? null);
  if (!model || (r.versionId !== null && !version))
    throw new DomainError(
      "not_found",
      `Request #${r.id} refers to a missing version`,
    );
  const policy = effectivePolicy(db, model.id, r.toStage);
  const evidence = requestEvidence(db, r);
  const reviewRows = db
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
    .where(eq(reviews.requestId, r.id))
    .orderBy(asc(reviews.id))
    .all();
  const requester = r.requestedBy
    ? (db
        .select({ id: user.id, name: user.name, email: user.email })
        .from(user)
        .where(eq(user.id, r.requestedBy))
        .get() ?? null)
    : null;
  const prod = db
    .select()
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.modelId, model.id),
        eq(modelVersions.stage, "production"),
        isNull(modelVersions.deletedAt),
      ),
    )
    .orderBy(desc(modelVersions.version))
    .all()
    .find((p) => p.id !== version?.id);
  const retirementRow =
    r.kind === "retirement"
      ? db
          .select()
          .from(retirements)
          .where(eq(retirements.requestId, r.id))
          .get()
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

/** Open requests to move an alias of the model, oldest first (the alias editor lists them). */
export function openAliasRequests(
  actor: Actor,
  modelName: string,
): { id: number; alias: string; version: number }[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const model = loadModel(db, modelName);
  return db
    .select({
      id: transitionRequests.id,
      alias: transitionRequests.alias,
      version: modelVersions.version,
    })
    .from(transitionRequests)
    .innerJoin(
      modelVersions,
      eq(modelVersions.id, transitionRequests.versionId),
    )
    .where(
      and(
        eq(transitionRequests.modelId, model.id),
        eq(transitionRequests.kind, "alias"),
        eq(transitionRequests.status, "open"),
      ),
    )
    .orderBy(asc(transitionRequests.id))
    .all()
    .map((r) => ({ id: r.id, alias: r.alias ?? "", version: r.version }));
}

/** The version a rollback would put back in production, or null when there is none. */
export function rollbackTarget(actor: Actor, modelName: string): number | null {
  assertCan(actor, "models.read");
  const db = getDb();
  return previousProduction(db, loadModel(db, modelName))?.version ?? null;
}
