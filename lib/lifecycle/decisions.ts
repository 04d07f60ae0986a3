// Stage transitions, the reviewers' side: approve (applied exactly once, in the transaction that
// brings the last approval the policy needs), reject, and an admin's override with a reason.
import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import {
  reviews,
  transitionRequests,
  type TransitionRequestRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError, parseInput, type Input } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { approveRetirement } from "@/lib/retirement/apply";
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
import { closeRequest } from "./close-request";
import {
  assertNotAlreadyIn,
  insertRequest,
  inWritableVersion,
  openMovesTo,
} from "./open-request";
import { now as clockNow } from "@/lib/clock";

export function approveRequest(
  actor: Actor,
  requestId: number,
  input: Input<{ comment?: string }> = {},
): TransitionRequestRow {
  assertCan(actor, "reviews.decide");
  const data = parseInput(decisionSchema, input);
  return inReview(
    actor,
    requestId,
    "You cannot approve your own request",
    (tx, { request, model, version }) => {
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
          createdAt: clockNow(),
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
  );
}

export function rejectRequest(
  actor: Actor,
  requestId: number,
  input: Input<{ comment: string }>,
): TransitionRequestRow {
  assertCan(actor, "reviews.decide");
  const data = parseInput(rejectSchema, input);
  return inReview(
    actor,
    requestId,
    "You cannot review your own request; cancel it instead",
    (tx, open) => {
      const { request, model, version } = open;
      const now = clockNow();
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
      return closeRequest(tx, actor, open, "rejected", now, data.comment, [
        {
          userId: request.requestedBy,
          kind: "request_rejected",
          message: `${actor.name} rejected ${what(model, version, request)}: ${data.comment}`,
          link: hrefOf(model, version),
        },
      ]);
    },
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
  return inWritableVersion(modelName, version, (tx, model, v) => {
    assertNotAlreadyIn(v, data.to_stage);
    const now = clockNow();
    // Open requests for the same move are settled by the override (alias requests are other moves).
    tx.update(transitionRequests)
      .set({
        status: "cancelled",
        resolvedBy: actor.id,
        resolvedAt: now,
        resolutionComment: "superseded by an admin override",
      })
      .where(openMovesTo(v.id, data.to_stage))
      .run();
    const row = insertRequest(
      tx,
      actor,
      model,
      v,
      { toStage: data.to_stage, comment: data.reason, override: true },
      now,
    );
    return applyRequest(
      tx,
      actor,
      row,
      model,
      v,
      effectivePolicy(tx, model.id, data.to_stage),
      { override: true, reason: data.reason },
    );
  });
}

/**
 * The prelude of a reviewer's decision: in one immediate transaction, load the open request with
 * its model and version (404/409 otherwise) and refuse the requester's own (`ownRequest` says why).
 */
function inReview<T>(
  actor: Actor,
  requestId: number,
  ownRequest: string,
  decide: (tx: Tx, open: ReturnType<typeof loadOpen>) => T,
): T {
  return getDb().transaction(
    (tx) => {
      const open = loadOpen(tx, requestId);
      if (open.request.requestedBy === actor.id)
        throw new DomainError("forbidden", ownRequest);
      return decide(tx, open);
    },
    { behavior: "immediate" },
  );
}
