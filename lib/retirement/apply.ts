// The steps of a retirement that run inside other services' transactions: approval (deprecation),
// settling a rejected or cancelled request, and the sunset itself. Kept apart from requests.ts so
// the request flow can call them without an import cycle.
// About 300 lines on purpose: the sunset is one ordered sequence of steps in one transaction.
import "server-only";
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  deployments,
  modelAliases,
  registeredModels,
  retirements,
  transitionRequests,
  type RetirementRow,
  type TransitionRequestRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { emit } from "@/lib/events/dispatch";
import { formatDate } from "@/lib/format";
import { moveToStage } from "@/lib/registry/stage-change";
import {
  aliasesOnVersions,
  liveCoveredVersions,
  replacementOf,
  retirementOfRequest,
  runningDeploymentsOf,
  subjectOf,
} from "./lookups";
import { DAY } from "./retirement.validation";
import { now as clockNow } from "@/lib/clock";

/** The last approval: the model or version becomes deprecated until its sunset date. */
export function approveRetirement(
  tx: Tx,
  actor: Actor,
  request: TransitionRequestRow,
  now = clockNow(),
): TransitionRequestRow {
  const r = retirementOfRequest(tx, request.id);
  const subject = subjectOf(tx, r);
  tx.update(retirements)
    .set({ status: "scheduled", approvedAt: now })
    .where(eq(retirements.id, r.id))
    .run();
  if (r.versionId === null)
    tx.update(registeredModels)
      .set({ status: "deprecated", updatedAt: now })
      .where(eq(registeredModels.id, r.modelId))
      .run();
  const applied = tx
    .update(transitionRequests)
    .set({ status: "applied", resolvedBy: userIdOf(actor), resolvedAt: now })
    .where(eq(transitionRequests.id, request.id))
    .returning()
    .get();
  emit(
    tx,
    actor,
    {
      action: "retirement.approved",
      entityType: "retirement",
      entityId: r.id,
      before: { status: "requested" },
      after: {
        status: "scheduled",
        model: subject.model.name,
        version: subject.version,
        sunset_at: new Date(r.sunsetAt).toISOString(),
        replacement: replacementOf(tx, r),
        request_id: request.id,
      },
    },
    [
      {
        userId: request.requestedBy,
        kind: "retirement_approved",
        message: `Retirement of ${subject.label} approved: sunset on ${formatDate(r.sunsetAt)}`,
        link: subject.href,
      },
      {
        userId: subject.model.ownerId,
        kind: "retirement_approved",
        message: `${subject.label} is deprecated: sunset on ${formatDate(r.sunsetAt)}`,
        link: subject.href,
      },
    ],
  );
  if (r.sunsetAt <= now)
    executeRetirement(tx, actor, { ...r, status: "scheduled" }, now);
  return applied;
}

/** A rejected or cancelled retirement request leaves its record in the same state. */
export function settleRetirement(
  tx: Tx,
  requestId: number,
  status: "rejected" | "cancelled",
): void {
  tx.update(retirements)
    .set({ status })
    .where(
      and(
        eq(retirements.requestId, requestId),
        eq(retirements.status, "requested"),
      ),
    )
    .run();
}

/**
 * The sunset: stops the deployments, removes the aliases, cancels open requests, moves every
 * affected version to `retired` (and the model to `retired` when the whole model goes), each step
 * an audit event; the artifacts are released after the retention period.
 */
export function executeRetirement(
  tx: Tx,
  actor: Actor,
  r: RetirementRow,
  now = clockNow(),
): void {
  if (r.status !== "scheduled") return;
  const subject = subjectOf(tx, r);
  const versions = liveCoveredVersions(tx, r);
  const ids = versions.map((v) => v.id);
  const because = `retirement #${r.id}`;
  for (const d of runningDeploymentsOf(tx, ids)) {
    tx.update(deployments)
      .set({ status: "stopped", updatedAt: now })
      .where(eq(deployments.id, d.id))
      .run();
    emit(tx, actor, {
      action: "deployment.stopped",
      entityType: "deployment",
      entityId: d.id,
      before: { status: d.status },
      after: { status: "stopped", reason: because },
    });
  }
  for (const a of aliasesOnVersions(tx, r.modelId, ids)) {
    tx.delete(modelAliases)
      .where(
        and(
          eq(modelAliases.modelId, a.modelId),
          eq(modelAliases.alias, a.alias),
        ),
      )
      .run();
    emit(tx, actor, {
      action: "alias.deleted",
      entityType: "model",
      entityId: r.modelId,
      before: {
        alias: a.alias,
        version: versions.find((v) => v.id === a.versionId)?.version,
      },
      after: { reason: because },
    });
  }
  const open = tx
    .select()
    .from(transitionRequests)
    .where(
      and(
        eq(transitionRequests.status, "open"),
        ne(transitionRequests.id, r.requestId),
        r.versionId === null
          ? eq(transitionRequests.modelId, r.modelId)
          : ids.length
            ? inArray(transitionRequests.versionId, ids)
            : undefined,
      ),
    )
    .all();
  for (const q of open) {
    tx.update(transitionRequests)
      .set({
        status: "cancelled",
        resolvedBy: userIdOf(actor),
        resolvedAt: now,
        resolutionComment: `cancelled: ${subject.label} was retired`,
      })
      .where(eq(transitionRequests.id, q.id))
      .run();
    if (q.kind === "retirement") settleRetirement(tx, q.id, "cancelled");
    emit(
      tx,
      actor,
      {
        action: "transition.cancelled",
        entityType: "transition_request",
        entityId: q.id,
        before: { status: "open" },
        after: { status: "cancelled", reason: because },
      },
      [
        {
          userId: q.requestedBy,
          kind: "request_cancelled",
          message: `Request #${q.id} was cancelled: ${subject.label} was retired`,
          link: subject.href,
        },
      ],
    );
  }
  for (const v of versions) {
    if (v.stage === "retired") continue;
    moveToStage(tx, {
      modelId: r.modelId,
      versionId: v.id,
      fromStage: v.stage,
      toStage: "retired",
      requestId: r.requestId,
      actorId: actor.id,
      reason: r.reason,
      at: now,
    });
    emit(tx, actor, {
      action: "version.stage_changed",
      entityType: "model_version",
      entityId: v.id,
      before: { model: subject.model.name, version: v.version, stage: v.stage },
      after: { stage: "retired", reason: because },
    });
  }
  if (r.versionId === null)
    tx.update(registeredModels)
      .set({ status: "retired", updatedAt: now })
      .where(eq(registeredModels.id, r.modelId))
      .run();
  else
    tx.update(registeredModels)
      .set({ updatedAt: now })
      .where(eq(registeredModels.id, r.modelId))
      .run();
  const releaseAfter = now + r.retentionDays * DAY;
  tx.update(retirements)
    .set({ status: "retired", retiredAt: now, releaseAfter })
    .where(eq(retirements.id, r.id))
    .run();
  const requester = tx
    .select({ by: transitionRequests.requestedBy })
    .from(transitionRequests)
    .where(eq(transitionRequests.id, r.requestId))
    .get()?.by;
  emit(
    tx,
    actor,
    {
      action: "retirement.completed",
      entityType: "retirement",
      entityId: r.id,
      before: { status: "scheduled" },
      after: {
        status: "retired",
        model: subject.model.name,
        version: subject.version,
        versions: versions.map((v) => v.version),
        release_after: new Date(releaseAfter).toISOString(),
      },
    },
    [
      {
        userId: requester,
        kind: "retired",
        message: `${subject.label} is retired; its files are released after ${formatDate(releaseAfter)}`,
        link: subject.href,
      },
      {
        userId: subject.model.ownerId,
        kind: "retired",
        message: `${subject.label} is retired`,
        link: subject.href,
      },
    ],
  );
}

/** The scheduler acts as "system", which is no user row: foreign keys to users get null. */
function userIdOf(actor: Actor): string | null {
  return actor.via === "system" ? null : actor.id;
}
