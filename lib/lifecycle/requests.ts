// Stage transitions, the requester's side: a data scientist asks for a version to move (or for
// the previous production version back), and may cancel the request while it is open. Reviewers
// decide in lib/lifecycle/decisions.ts; the approved change is applied by lib/lifecycle/apply.ts in
// the transaction that brings the last needed approval. Alias requests (kind "alias",
// lib/lifecycle/alias-requests.ts) go the same way under the production policy.
import "server-only";
import { and, eq, isNull, ne } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  modelVersions,
  transitionRequests,
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
import { settleRetirement } from "@/lib/retirement/apply";
import { scheduledRetirementOf } from "@/lib/retirement/lookups";
import { evidenceHash } from "./evidence";
import { effectivePolicy } from "./policies";
import {
  requestTransitionSchema,
  type RequestTransitionInput,
} from "./requests.validation";
import { formatDate } from "@/lib/format";
import {
  loadOpen,
  eventOf,
  gateResults,
  approvers,
  previousProduction,
} from "./review-state";
import { applyRequest } from "./apply";

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

export type { TargetStage };
