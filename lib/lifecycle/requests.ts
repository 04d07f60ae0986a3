// Stage transitions, the requester's side: a data scientist asks for a version to move (or for
// the previous production version back), and may cancel the request while it is open. Reviewers
// decide in lib/lifecycle/decisions.ts; the approved change is applied by lib/lifecycle/apply.ts in
// the transaction that brings the last needed approval. Alias requests (kind "alias",
// lib/lifecycle/alias-requests.ts) go the same way under the production policy.
import "server-only";
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
import { assertModelAccessByName } from "@/lib/registry/model-permissions";
import { inVersionWrite } from "@/lib/registry/model-write";
import { DomainError, parseInput, type Input } from "@/lib/errors";
import { loadModel } from "@/lib/registry/load";
import { scheduledRetirementOf } from "@/lib/retirement/lookups";
import {
  requestTransitionSchema,
  type RequestTransitionInput,
} from "./requests.validation";
import { formatDate } from "@/lib/format";
import { loadOpen } from "./review-state";
import { closeRequest } from "./close-request";
import { inProduction, previousProduction } from "./production";
import { assertNotAlreadyIn, fileRequest, openMovesTo } from "./open-request";
import { now as clockNow } from "@/lib/clock";

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
  // Asking for a move is editing the model (MLflow's EDIT), not something every reader may do.
  return inVersionWrite(
    actor,
    "versions.write",
    modelName,
    version,
    (tx, model, v, { actingAsAdmin }) => {
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
      assertNotAlreadyIn(v, data.to_stage);
      if (v.status !== "ready" && data.to_stage !== "archived")
        throw new DomainError(
          "conflict",
          `Version ${v.version} is ${v.status}, not ready; only ready versions can be promoted`,
        );
      const open = tx
        .select({ id: transitionRequests.id })
        .from(transitionRequests)
        .where(openMovesTo(v.id, data.to_stage))
        .get();
      if (open)
        throw new DomainError(
          "conflict",
          `A request to move v${v.version} to ${STAGE_LABELS[data.to_stage]} is already open (#${open.id})`,
          { request_id: open.id },
        );
      return fileRequest(
        tx,
        actor,
        model,
        v,
        { toStage: data.to_stage, kind, comment: data.comment },
        {
          action:
            kind === "rollback" ? "rollback.requested" : "transition.requested",
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
        `${actor.name} asks to move ${model.name} v${v.version} to ${STAGE_LABELS[data.to_stage]}`,
      );
    },
  );
}

export function cancelRequest(
  actor: Actor,
  requestId: number,
): TransitionRequestRow {
  assertCan(actor, "requests.create");
  return getDb().transaction(
    (tx) => {
      const open = loadOpen(tx, requestId);
      if (!canCancelRequest(actor, open.request))
        throw new DomainError(
          "forbidden",
          "Only the requester or an admin can cancel a request",
        );
      return closeRequest(tx, actor, open, "cancelled", clockNow());
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
    .where(inProduction(model.id))
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
