// Stage transitions, the reviewers' side: approve (applied exactly once, in the transaction that
// brings the last approval the policy needs), reject, and an admin's override with a reason.
import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  reviews,
  transitionRequests,
  type TransitionRequestRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { STAGE_LABELS } from "@/lib/format";
import { DomainError, parseInput, type Input } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { assertWritable, loadModel, loadVersion } from "@/lib/registry/load";
import { approveRetirement, settleRetirement } from "@/lib/retirement/apply";
import { evidenceHash } from "./evidence";
import { effectivePolicy } from "./policies";
import {
  decisionSchema,
  overrideSchema,
  rejectSchema,
} from "./requests.validation";
import {
  loadOpen,
  what,
  hrefOf,
  eventOf,
  gateResults,
  countApprovals,
  requestEvidence,
} from "./review-state";
import { applyRequest } from "./apply";

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
