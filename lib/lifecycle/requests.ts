// Stage transitions: requested by data scientists, approved by reviewers under the stage's policy,
// applied exactly once in the transaction that brings the last needed approval. Alias requests
// (kind "alias", lib/lifecycle/alias-requests.ts) go the same way under the production policy.
import "server-only";
import { and, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  modelAliases,
  modelVersions,
  registeredModels,
  reviews,
  stageChanges,
  transitionRequests,
  user,
  type ModelVersionRow,
  type RegisteredModelRow,
  type TargetStage,
  type TransitionRequestRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { STAGE_LABELS } from "@/lib/format";
import { canCancelRequest } from "./capabilities";
import {
  assertModelAccess,
  assertModelAccessByName,
} from "@/lib/registry/model-permissions";
import { DomainError, parseInput, type Input } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { assertWritable, loadModel, loadVersion } from "@/lib/registry/load";
import { aliasPointer, pointAlias } from "@/lib/registry/aliases";
import { assertServedSignatureKept } from "@/lib/registry/alias-rules";
import { modelHref, versionHref } from "@/lib/registry/paths";
import { approveRetirement, settleRetirement } from "@/lib/retirement/apply";
import { scheduledRetirementOf } from "@/lib/retirement/lookups";
import { metricsOf } from "@/lib/registry/versions";
import { fileSafety } from "@/lib/registry/unsafe-files";
import { isCardComplete } from "@/lib/model-card/model-card";
import { evidenceHash } from "./evidence";
import { trustedSignatureStatus } from "@/lib/signing/verify";
import { evaluateGates, gatesFor, type GateResult } from "./gates";
import { effectivePolicy, type Policy } from "./policies";
import {
  decisionSchema,
  overrideSchema,
  rejectSchema,
  requestTransitionSchema,
  type RequestTransitionInput,
} from "./requests.validation";
import { formatDate } from "@/lib/format";

export function requestTransition(
  actor: Actor,
  modelName: string,
  version: string | number,
  input: Input<RequestTransitionInput>,
  kind: "transition" | "rollback" = "transition",
): TransitionRequestRow {
  assertCan(actor, "requests.create");
  assertModelAccessByName(actor, "versions.write", modelName);
  const data = parseInput(requestTransitionSchema, input);
  return getDb().transaction(
    (tx) => {
      const model = loadModel(tx, modelName);
      const v = loadVersion(tx, model, version);
      // Asking for a move is editing the model (MLflow's EDIT), not something every reader may do.
      const { actingAsAdmin } = assertModelAccess(
        tx,
        actor,
        "versions.write",
        model,
      );
      assertWritable(model, v);
      if (model.status !== "active")
        throw new DomainError(
          "conflict",
          `Model '${model.name}' is ${model.status}; it cannot be promoted`,
        );
      const retiring = scheduledRetirementOf(tx, model.id, v.id);
      if (retiring)
        throw new DomainError(
          "conflict",
          `Version ${v.version} is deprecated (sunset on ${formatDate(retiring.sunsetAt)}); it cannot be promoted`,
        );
      if (v.stage === data.to_stage)
        throw new DomainError(
          "invalid",
          `Version ${v.version} is already in ${STAGE_LABELS[v.stage]}`,
          { fields: { to_stage: ["Already in this stage"] } },
        );
      if (v.status !== "ready" && data.to_stage !== "archived")
        throw new DomainError(
          "conflict",
          `Version ${v.version} is ${v.status}, not ready; only ready versions can be promoted`,
        );
      const open = tx
        .select({ id: transitionRequests.id })
        .from(transitionRequests)
        .where(
          and(
            eq(transitionRequests.versionId, v.id),
            eq(transitionRequests.toStage, data.to_stage),
            eq(transitionRequests.status, "open"),
            ne(transitionRequests.kind, "alias"),
          ),
        )
        .get();
      if (open)
        throw new DomainError(
          "conflict",
          `A request to move v${v.version} to ${STAGE_LABELS[data.to_stage]} is already open (#${open.id})`,
          { request_id: open.id },
        );
      const now = Date.now();
      const row = tx
        .insert(transitionRequests)
        .values({
          modelId: model.id,
          versionId: v.id,
          fromStage: v.stage,
          toStage: data.to_stage,
          kind,
          requestedBy: actor.id,
          comment: data.comment,
          evidenceHash: evidenceHash(tx, v.id),
          createdAt: now,
        })
        .returning()
        .get();
      const policy = effectivePolicy(tx, model.id, data.to_stage);
      emit(
        tx,
        actor,
        {
          action:
            kind === "rollback" ? "rollback.requested" : "transition.requested",
          entityType: "transition_request",
          entityId: row.id,
          after: {
            model: model.name,
            version: v.version,
            from: v.stage,
            to: data.to_stage,
            comment: data.comment,
            content_digest: v.contentDigest,
          },
          actingAsAdmin,
        },
        approvers(tx, policy).map((userId) => ({
          userId,
          kind: "review_waiting",
          message: `${actor.name} asks to move ${model.name} v${v.version} to ${STAGE_LABELS[data.to_stage]}`,
          link: "/reviews",
        })),
      );
      if (
        policy.requiredApprovals === 0 &&
        gateResults(tx, model, v, policy).every((g) => g.pass)
      ) {
        return applyRequest(tx, actor, row, model, v, policy, {
          override: false,
        });
      }
      return row;
    },
    { behavior: "immediate" },
  );
}

export function approveRequest(
  actor: Actor,
  requestId: number,
  input: Input<{ comment?: string }> = {},
): TransitionRequestRow {
  assertCan(actor, "reviews.decide");
  const data = parseInput(decisionSchema, input);
  return getDb().transaction(
    (tx) => {
      const { request, model, version } = loadOpen(tx, requestId);
      if (request.requestedBy === actor.id)
        throw new DomainError(
          "forbidden",
          "You cannot approve your own request",
        );
      const policy = effectivePolicy(tx, model.id, request.toStage);
      if (
        policy.approverIds.length > 0 &&
        !policy.approverIds.includes(actor.id)
      ) {
        throw new DomainError(
          "forbidden",
          `The ${request.toStage} policy of '${model.name}' names who may approve, and you are not one of them`,
        );
      }
      const failing =
        version && request.kind !== "retirement"
          ? gateResults(tx, model, version, policy).filter((g) => !g.pass)
          : [];
      if (failing.length)
        throw new DomainError(
          "conflict",
          `Cannot approve: ${failing.map((g) => `'${g.gate}' fails (${g.detail})`).join("; ")}`,
          { gates: failing },
        );
      const evidence = requestEvidence(tx, request);
      const already = tx
        .select({ id: reviews.id })
        .from(reviews)
        .where(
          and(
            eq(reviews.requestId, request.id),
            eq(reviews.reviewerId, actor.id),
            eq(reviews.evidenceHash, evidence),
          ),
        )
        .get();
      if (already)
        throw new DomainError(
          "conflict",
          "You have already approved this request",
        );
      tx.insert(reviews)
        .values({
          requestId: request.id,
          reviewerId: actor.id,
          decision: "approve",
          comment: data.comment,
          evidenceHash: evidence,
          createdAt: Date.now(),
        })
        .run();
      const approvals = countApprovals(tx, request.id, evidence);
      const retiring = request.kind === "retirement";
      emit(
        tx,
        actor,
        {
          action: eventOf(request, "approved"),
          entityType: "transition_request",
          entityId: request.id,
          after: {
            model: model.name,
            version: version?.version ?? null,
            to: request.toStage,
            ...(request.alias ? { alias: request.alias } : {}),
            approvals,
            required: policy.requiredApprovals,
            comment: data.comment,
          },
        },
        [
          {
            userId: request.requestedBy,
            kind: "request_approved",
            message: `${actor.name} approved ${what(model, version, request)} (${approvals}/${policy.requiredApprovals})`,
            link: hrefOf(model, version),
          },
        ],
      );
      if (approvals < policy.requiredApprovals) return request;
      if (retiring) return approveRetirement(tx, actor, request);
      if (!version)
        throw new DomainError(
          "conflict",
          `Request #${request.id} has no version to move`,
        );
      return applyRequest(tx, actor, request, model, version, policy, {
        override: false,
      });
    },
    { behavior: "immediate" },
  );
}

export function rejectRequest(
  actor: Actor,
  requestId: number,
  input: Input<{ comment: string }>,
): TransitionRequestRow {
  assertCan(actor, "reviews.decide");
  const data = parseInput(rejectSchema, input);
  return getDb().transaction(
    (tx) => {
      const { request, model, version } = loadOpen(tx, requestId);
      if (request.requestedBy === actor.id)
        throw new DomainError(
          "forbidden",
          "You cannot review your own request; cancel it instead",
        );
      const now = Date.now();
      tx.insert(reviews)
        .values({
          requestId: request.id,
          reviewerId: actor.id,
          decision: "reject",
          comment: data.comment,
          evidenceHash: requestEvidence(tx, request),
          createdAt: now,
        })
        .run();
      const updated = tx
        .update(transitionRequests)
        .set({
          status: "rejected",
          resolvedBy: actor.id,
          resolvedAt: now,
          resolutionComment: data.comment,
        })
        .where(eq(transitionRequests.id, request.id))
        .returning()
        .get();
      if (request.kind === "retirement")
        settleRetirement(tx, request.id, "rejected");
      emit(
        tx,
        actor,
        {
          action: eventOf(request, "rejected"),
          entityType: "transition_request",
          entityId: request.id,
          before: { status: "open" },
          after: {
            status: "rejected",
            model: model.name,
            version: version?.version ?? null,
            to: request.toStage,
            comment: data.comment,
          },
        },
        [
          {
            userId: request.requestedBy,
            kind: "request_rejected",
            message: `${actor.name} rejected ${what(model, version, request)}: ${data.comment}`,
            link: hrefOf(model, version),
          },
        ],
      );
      return updated;
    },
    { behavior: "immediate" },
  );
}

export function cancelRequest(
  actor: Actor,
  requestId: number,
): TransitionRequestRow {
  assertCan(actor, "requests.create");
  return getDb().transaction(
    (tx) => {
      const { request, model, version } = loadOpen(tx, requestId);
      if (!canCancelRequest(actor, request))
        throw new DomainError(
          "forbidden",
          "Only the requester or an admin can cancel a request",
        );
      const updated = tx
        .update(transitionRequests)
        .set({
          status: "cancelled",
          resolvedBy: actor.id,
          resolvedAt: Date.now(),
        })
        .where(eq(transitionRequests.id, request.id))
        .returning()
        .get();
      if (request.kind === "retirement")
        settleRetirement(tx, request.id, "cancelled");
      emit(tx, actor, {
        action: eventOf(request, "cancelled"),
        entityType: "transition_request",
        entityId: request.id,
        before: { status: "open" },
        after: {
          status: "cancelled",
          model: model.name,
          version: version?.version ?? null,
          to: request.toStage,
        },
      });
      return updated;
    },
    { behavior: "immediate" },
  );
}

/** An admin applies a transition at once, with a written reason; it is recorded as an override. */
export function overrideTransition(
  actor: Actor,
  modelName: string,
  version: string | number,
  input: Input<{ to_stage: string; reason: string }>,
): TransitionRequestRow {
  assertCan(actor, "transitions.override");
  const data = parseInput(overrideSchema, input);
  return getDb().transaction(
    (tx) => {
      const model = loadModel(tx, modelName);
      const v = loadVersion(tx, model, version);
      assertWritable(model, v);
      if (v.stage === data.to_stage)
        throw new DomainError(
          "invalid",
          `Version ${v.version} is already in ${STAGE_LABELS[v.stage]}`,
          { fields: { to_stage: ["Already in this stage"] } },
        );
      const now = Date.now();
      // Open requests for the same move are settled by the override (alias requests are other moves).
      tx.update(transitionRequests)
        .set({
          status: "cancelled",
          resolvedBy: actor.id,
          resolvedAt: now,
          resolutionComment: "superseded by an admin override",
        })
        .where(
          and(
            eq(transitionRequests.versionId, v.id),
            eq(transitionRequests.toStage, data.to_stage),
            eq(transitionRequests.status, "open"),
            ne(transitionRequests.kind, "alias"),
          ),
        )
        .run();
      const row = tx
        .insert(transitionRequests)
        .values({
          modelId: model.id,
          versionId: v.id,
          fromStage: v.stage,
          toStage: data.to_stage,
          requestedBy: actor.id,
          comment: data.reason,
          evidenceHash: evidenceHash(tx, v.id),
          override: true,
          createdAt: now,
        })
        .returning()
        .get();
      return applyRequest(
        tx,
        actor,
        row,
        model,
        v,
        effectivePolicy(tx, model.id, data.to_stage),
        { override: true, reason: data.reason },
      );
    },
    { behavior: "immediate" },
  );
}

/** Opens a production request for the version that was in production before the current one. */
export function requestRollback(
  actor: Actor,
  modelName: string,
  comment?: string,
): TransitionRequestRow {
  assertCan(actor, "requests.create");
  assertModelAccessByName(actor, "versions.write", modelName);
  const db = getDb();
  const model = loadModel(db, modelName);
  const target = previousProduction(db, model);
  if (!target)
    throw new DomainError(
      "conflict",
      `Model '${model.name}' has no earlier production version to roll back to`,
    );
  const current = db
    .select()
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.modelId, model.id),
        eq(modelVersions.stage, "production"),
        isNull(modelVersions.deletedAt),
      ),
    )
    .get();
  return requestTransition(
    actor,
    model.name,
    target.version,
    {
      to_stage: "production",
      comment:
        comment ??
        `Roll back to v${target.version}${current ? ` (replacing v${current.version})` : ""}`,
    },
    "rollback",
  );
}

/** The most recent version, other than the current production one, that was ever in production. */
const productionVersionIds = preparedQuery((db) =>
  db
    .select({ id: modelVersions.id })
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.modelId, sql.placeholder("modelId")),
        eq(modelVersions.stage, "production"),
        isNull(modelVersions.deletedAt),
      ),
    )
    .prepare(),
);
const promotionsNewestFirst = preparedQuery((db) =>
  db
    .select({ versionId: stageChanges.versionId })
    .from(stageChanges)
    .where(
      and(
        eq(stageChanges.modelId, sql.placeholder("modelId")),
        eq(stageChanges.toStage, "production"),
      ),
    )
    .orderBy(desc(stageChanges.at), desc(stageChanges.id))
    .prepare(),
);

export function previousProduction(
  db: Tx | ReturnType<typeof getDb>,
  model: RegisteredModelRow,
): ModelVersionRow | null {
  const current = productionVersionIds(db)
    .all({ modelId: model.id })
    .map((r) => r.id);
  const past = promotionsNewestFirst(db).all({ modelId: model.id });
  for (const p of past) {
    if (current.includes(p.versionId)) continue;
    const v = db
      .select()
      .from(modelVersions)
      .where(
        and(eq(modelVersions.id, p.versionId), isNull(modelVersions.deletedAt)),
      )
      .get();
    if (v && v.stage !== "retired") return v;
  }
  return null;
}

export function gateResults(
  tx: Tx | ReturnType<typeof getDb>,
  model: RegisteredModelRow,
  version: ModelVersionRow,
  policy: Policy,
): GateResult[] {
  const files = fileSafety(tx, version.id);
  const gates = gatesFor(policy.stage, policy.gates, files);
  if (gates.length === 0) return [];
  const prod = tx
    .select()
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.modelId, model.id),
        eq(modelVersions.stage, "production"),
        isNull(modelVersions.deletedAt),
        ne(modelVersions.id, version.id),
      ),
    )
    .orderBy(desc(modelVersions.version))
    .get();
  return evaluateGates(
    gates,
    metricsOf(tx, version.id),
    prod ? { version: prod.version, metrics: metricsOf(tx, prod.id) } : null,
    {
      cardComplete: isCardComplete(tx, model.id),
      files,
      trustedSignature: () => trustedSignatureStatus(tx, version.id),
    },
  );
}

export function countApprovals(
  tx: Tx | ReturnType<typeof getDb>,
  requestId: number,
  evidence: string,
): number {
  return tx
    .selectDistinct({ reviewer: reviews.reviewerId })
    .from(reviews)
    .where(
      and(
        eq(reviews.requestId, requestId),
        eq(reviews.decision, "approve"),
        eq(reviews.evidenceHash, evidence),
      ),
    )
    .all().length;
}

/**
 * Applies an approved request: an alias request moves its alias and no stage; any other moves the
 * version, archives the production version it replaces, and moves `champion` if the policy says so
 * (that move is part of this approved promotion, so it passes the protected-alias rule by design).
 */
export function applyRequest(
  tx: Tx,
  actor: Actor,
  request: TransitionRequestRow,
  model: RegisteredModelRow,
  version: ModelVersionRow,
  policy: Policy,
  how: { override: boolean; reason?: string },
): TransitionRequestRow {
  if (request.kind === "alias")
    return applyAlias(tx, actor, request, model, version);
  const now = Date.now();
  const to = request.toStage;
  if (to === "production" && policy.singleVersion) {
    const replaced = tx
      .select()
      .from(modelVersions)
      .where(
        and(
          eq(modelVersions.modelId, model.id),
          eq(modelVersions.stage, "production"),
          isNull(modelVersions.deletedAt),
          ne(modelVersions.id, version.id),
        ),
      )
      .all();
    for (const old of replaced) {
      tx.update(modelVersions)
        .set({ stage: "archived", stageChangedAt: now, updatedAt: now })
        .where(eq(modelVersions.id, old.id))
        .run();
      tx.insert(stageChanges)
        .values({
          modelId: model.id,
          versionId: old.id,
          fromStage: "production",
          toStage: "archived",
          requestId: request.id,
          actorId: actor.id,
          override: how.override,
          reason: `replaced by v${version.version}`,
          at: now,
        })
        .run();
      emit(tx, actor, {
        action: "version.stage_changed",
        entityType: "model_version",
        entityId: old.id,
        before: {
          model: model.name,
          version: old.version,
          stage: "production",
        },
        after: { stage: "archived", reason: `replaced by v${version.version}` },
      });
    }
  }
  tx.update(modelVersions)
    .set({ stage: to, stageChangedAt: now, updatedAt: now })
    .where(eq(modelVersions.id, version.id))
    .run();
  tx.update(registeredModels)
    .set({ updatedAt: now })
    .where(eq(registeredModels.id, model.id))
    .run();
  tx.insert(stageChanges)
    .values({
      modelId: model.id,
      versionId: version.id,
      fromStage: version.stage,
      toStage: to,
      requestId: request.id,
      actorId: actor.id,
      override: how.override,
      reason: how.reason ?? null,
      at: now,
    })
    .run();
  if (to === "production" && policy.championFollows) {
    // Following production is still an alias move: callers of a served champion keep their signature.
    assertServedSignatureKept(
      tx,
      model,
      "champion",
      aliasPointer(tx, model.id, "champion")?.versionId,
      version,
    );
    tx.insert(modelAliases)
      .values({
        modelId: model.id,
        alias: "champion",
        versionId: version.id,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [modelAliases.modelId, modelAliases.alias],
        set: { versionId: version.id, updatedAt: now },
      })
      .run();
    emit(tx, actor, {
      action: "alias.set",
      entityType: "model",
      entityId: model.id,
      after: {
        alias: "champion",
        version: version.version,
        reason: "follows production",
      },
    });
  }
  const applied = tx
    .update(transitionRequests)
    .set({ status: "applied", resolvedBy: actor.id, resolvedAt: now })
    .where(eq(transitionRequests.id, request.id))
    .returning()
    .get();
  emit(
    tx,
    actor,
    {
      action: how.override ? "transition.override" : "transition.applied",
      entityType: "model_version",
      entityId: version.id,
      before: {
        model: model.name,
        version: version.version,
        stage: version.stage,
      },
      after: {
        stage: to,
        request_id: request.id,
        override: how.override,
        ...(how.reason ? { reason: how.reason } : {}),
      },
    },
    [
      {
        userId: request.requestedBy,
        kind: "request_applied",
        message: `${model.name} v${version.version} is now in ${STAGE_LABELS[to]}`,
        link: versionHref(model.name, version.version),
      },
    ],
  );
  return applied;
}

/** Points the request's alias at its version; what serves through the alias changes with this commit. */
function applyAlias(
  tx: Tx,
  actor: Actor,
  request: TransitionRequestRow,
  model: RegisteredModelRow,
  version: ModelVersionRow,
): TransitionRequestRow {
  const alias = request.alias;
  if (!alias)
    throw new DomainError(
      "conflict",
      `Request #${request.id} names no alias to move`,
    );
  if (version.status !== "ready")
    throw new DomainError(
      "conflict",
      `Version ${version.version} is ${version.status}, not ready; @${alias} cannot point at it`,
    );
  const pointer = aliasPointer(tx, model.id, alias);
  // A deployment may have started serving the alias since the request was opened.
  assertServedSignatureKept(tx, model, alias, pointer?.versionId, version);
  const applied = tx
    .update(transitionRequests)
    .set({ status: "applied", resolvedBy: actor.id, resolvedAt: Date.now() })
    .where(eq(transitionRequests.id, request.id))
    .returning()
    .get();
  const notices = [
    {
      userId: request.requestedBy,
      kind: "request_applied",
      message: `@${alias} of ${model.name} now points at v${version.version}`,
      link: modelHref(model.name),
    },
  ];
  pointAlias(
    tx,
    actor,
    model,
    alias,
    version,
    { request_id: request.id, reason: `via request #${request.id}` },
    notices,
  );
  return applied;
}

/** The audit and webhook event of a step in a request's life, by the kind of request. */
function eventOf(
  request: TransitionRequestRow,
  step: "approved" | "rejected" | "cancelled",
): string {
  if (request.kind === "retirement")
    return step === "approved" ? "retirement.reviewed" : `retirement.${step}`;
  return `${request.kind === "alias" ? "alias" : "transition"}.${step}`;
}

function loadOpen(tx: Tx, requestId: number) {
  const request = tx
    .select()
    .from(transitionRequests)
    .where(eq(transitionRequests.id, requestId))
    .get();
  if (!request)
    throw new DomainError(
      "not_found",
      `Transition request #${requestId} not found`,
    );
  if (request.status !== "open")
    throw new DomainError(
      "conflict",
      `Request #${requestId} is already ${request.status}`,
    );
  const model = tx
    .select()
    .from(registeredModels)
    .where(eq(registeredModels.id, request.modelId))
    .get();
  // Null only for the retirement of a whole model.
  const version =
    request.versionId === null
      ? null
      : (tx
          .select()
          .from(modelVersions)
          .where(eq(modelVersions.id, request.versionId))
          .get() ?? null);
  if (
    !model ||
    model.deletedAt ||
    (request.versionId !== null && (!version || version.deletedAt))
  )
    throw new DomainError(
      "conflict",
      `The version of request #${requestId} was deleted`,
    );
  assertWritable(model, version ?? undefined);
  return { request, model, version };
}

/**
 * What approvals bind to: a promotion's evidence (artifacts and metrics) as it is now, so a change
 * makes earlier approvals stale; a retirement's details as requested, which do not change.
 */
export function requestEvidence(
  db: Tx | ReturnType<typeof getDb>,
  request: TransitionRequestRow,
): string {
  return request.kind === "retirement" || request.versionId === null
    ? request.evidenceHash
    : evidenceHash(db, request.versionId);
}

function what(
  model: RegisteredModelRow,
  version: ModelVersionRow | null,
  request: TransitionRequestRow,
): string {
  const subject = version
    ? `${model.name} v${version.version}`
    : `${model.name} (all versions)`;
  if (request.kind === "alias")
    return `pointing @${request.alias ?? "?"} of ${model.name} at v${version?.version ?? "?"}`;
  return request.kind === "retirement"
    ? `retiring ${subject}`
    : `moving ${subject} to ${STAGE_LABELS[request.toStage]}`;
}

function hrefOf(
  model: RegisteredModelRow,
  version: ModelVersionRow | null,
): string {
  return version
    ? versionHref(model.name, version.version)
    : modelHref(model.name);
}

export function approvers(tx: Tx, policy: Policy): string[] {
  if (policy.approverIds.length) return policy.approverIds;
  return tx
    .select({ id: user.id })
    .from(user)
    .where(and(inArray(user.role, ["reviewer"]), isNull(user.deactivatedAt)))
    .all()
    .map((u) => u.id);
}

export type { TargetStage };
