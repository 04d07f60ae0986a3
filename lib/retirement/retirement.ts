// Retirement: a governed request (reason, replacement, sunset date, retention) that goes through the
// reviewer inbox under the `retired` policy; on approval the model or version is deprecated until
// its sunset, then retired (not served, read-only), and its files are released after retention.
// This module holds the commands that start one (requestRetirement, retireNow); restoring is in
// restore.ts, reads in queries.ts and impact.ts, the shared scope checks in scope.ts.
import "server-only";
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import {
  retirements,
  transitionRequests,
  type RetirementRow,
  type TransitionRequestRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import {
  assertModelAccess,
  assertModelAccessByName,
} from "@/lib/registry/model-permissions";
import { artifactRetentionDays } from "@/lib/config";
import { parseInput, type Input } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { effectivePolicy } from "@/lib/lifecycle/policies";
import { approvers } from "@/lib/lifecycle/review-state";
import { approveRetirement, executeRetirement } from "./apply";
import { replacementOf, subjectOf } from "./lookups";
import { toDto, type RetirementDto } from "./queries";
import {
  retireNowSchema,
  retirementRequestSchema,
  type RetirementRequestInput,
  type RetireNowInput,
} from "./retirement.validation";
import { pendingOfScope, resolveReplacement, scopeOf } from "./scope";
import { formatDate } from "@/lib/format";
import { now as clockNow } from "@/lib/clock";

type TransitionRequestInsert = typeof transitionRequests.$inferInsert;
type RetirementInsert = typeof retirements.$inferInsert;

export function requestRetirement(
  actor: Actor,
  modelName: string,
  version: string | number | null,
  input: Input<RetirementRequestInput>,
): RetirementDto {
  assertCan(actor, "requests.create");
  assertModelAccessByName(
    actor,
    version === null ? "models.update" : "versions.write",
    modelName,
  );
  const data = parseInput(retirementRequestSchema, input);
  return getDb().transaction(
    (tx) => {
      const scope = scopeOf(tx, modelName, version);
      const { model, versionId } = scope;
      // Retiring a version is editing the model; retiring the whole model is managing it.
      const { actingAsAdmin } = assertModelAccess(
        tx,
        actor,
        versionId === null ? "models.update" : "versions.write",
        model,
      );
      const replacement = resolveReplacement(tx, model, versionId, data);
      const now = clockNow();
      const retentionDays = data.retention_days ?? artifactRetentionDays();
      const details = {
        category: data.category,
        reason: data.reason,
        replacement,
        sunset_at: data.sunset_date,
        retention_days: retentionDays,
      };
      const { request, row } = insertRetirement(tx, actor, scope, data, {
        replacement,
        sunsetAt: data.sunset_date,
        retentionDays,
        now,
        request: {
          evidenceHash: createHash("sha256")
            .update(JSON.stringify(details))
            .digest("hex"),
        },
      });
      const subject = subjectOf(tx, row);
      const policy = effectivePolicy(tx, model.id, "retired");
      emit(
        tx,
        actor,
        {
          action: "retirement.requested",
          entityType: "retirement",
          entityId: row.id,
          after: {
            model: model.name,
            version: subject.version,
            request_id: request.id,
            category: data.category,
            reason: data.reason,
            sunset_at: new Date(data.sunset_date).toISOString(),
            retention_days: retentionDays,
            replacement: replacementOf(tx, row),
          },
          actingAsAdmin,
        },
        approvers(tx, policy).map((userId) => ({
          userId,
          kind: "review_waiting",
          message: `${actor.name} asks to retire ${subject.label} (sunset ${formatDate(data.sunset_date)})`,
          link: `/reviews#request-${request.id}`,
        })),
      );
      if (policy.requiredApprovals === 0)
        approveRetirement(tx, actor, request, now);
      return reloadDto(tx, row.id);
    },
    { behavior: "immediate" },
  );
}

/**
 * An admin retires at once, with a reason: recorded as an override, applied in one transaction.
 * A retirement already scheduled for the same model or version reaches its sunset now; a request
 * still waiting for review is cancelled, superseded by this one.
 */
export function retireNow(
  actor: Actor,
  modelName: string,
  version: string | number | null,
  input: Input<RetireNowInput>,
): RetirementDto {
  assertCan(actor, "transitions.override");
  const data = parseInput(retireNowSchema, input);
  return getDb().transaction(
    (tx) => {
      const pending = pendingOfScope(tx, modelName, version);
      const now = clockNow();
      if (pending?.status === "scheduled") {
        tx.update(retirements)
          .set({ sunsetAt: now })
          .where(eq(retirements.id, pending.id))
          .run();
        emit(tx, actor, {
          action: "retirement.override",
          entityType: "retirement",
          entityId: pending.id,
          before: { sunset_at: new Date(pending.sunsetAt).toISOString() },
          after: {
            sunset_at: new Date(now).toISOString(),
            reason: data.reason,
            override: true,
          },
        });
        executeRetirement(tx, actor, { ...pending, sunsetAt: now }, now);
        return reloadDto(tx, pending.id);
      }
      if (pending?.status === "requested") {
        tx.update(transitionRequests)
          .set({
            status: "cancelled",
            resolvedBy: actor.id,
            resolvedAt: now,
            resolutionComment: "superseded: an admin retired it at once",
          })
          .where(eq(transitionRequests.id, pending.requestId))
          .run();
        tx.update(retirements)
          .set({ status: "cancelled" })
          .where(eq(retirements.id, pending.id))
          .run();
        emit(tx, actor, {
          action: "retirement.cancelled",
          entityType: "transition_request",
          entityId: pending.requestId,
          before: { status: "open" },
          after: {
            status: "cancelled",
            reason: "superseded by an immediate retirement",
          },
        });
      }
      const scope = scopeOf(tx, modelName, version);
      const { model, versionId } = scope;
      const replacement = resolveReplacement(tx, model, versionId, data);
      const retentionDays = data.retention_days ?? artifactRetentionDays();
      const { row } = insertRetirement(tx, actor, scope, data, {
        replacement,
        sunsetAt: now,
        retentionDays,
        now,
        request: {
          evidenceHash: "override",
          status: "applied",
          override: true,
          resolvedBy: actor.id,
          resolvedAt: now,
        },
        retirement: { status: "scheduled", approvedAt: now },
      });
      const subject = subjectOf(tx, row);
      emit(tx, actor, {
        action: "retirement.override",
        entityType: "retirement",
        entityId: row.id,
        after: {
          model: model.name,
          version: subject.version,
          reason: data.reason,
          category: data.category,
          override: true,
        },
      });
      executeRetirement(tx, actor, row, now);
      return reloadDto(tx, row.id);
    },
    { behavior: "immediate" },
  );
}

type NewRetirement = {
  replacement: ReturnType<typeof resolveReplacement>;
  sunsetAt: number;
  retentionDays: number;
  now: number;
  request: Pick<TransitionRequestInsert, "evidenceHash"> &
    Partial<
      Pick<
        TransitionRequestInsert,
        "status" | "override" | "resolvedBy" | "resolvedAt"
      >
    >;
  retirement?: Partial<Pick<RetirementInsert, "status" | "approvedAt">>;
};

/**
 * The transition request and the retirement row that both ways of starting a retirement write;
 * retireNow adds the fields of a request applied and a retirement approved at once.
 */
function insertRetirement(
  tx: Tx,
  actor: Actor,
  { model, versionId, fromStage }: ReturnType<typeof scopeOf>,
  data: { category: RetirementRow["category"]; reason: string },
  n: NewRetirement,
): { request: TransitionRequestRow; row: RetirementRow } {
  const request = tx
    .insert(transitionRequests)
    .values({
      modelId: model.id,
      versionId,
      fromStage,
      toStage: "retired",
      kind: "retirement",
      requestedBy: actor.id,
      comment: data.reason,
      createdAt: n.now,
      ...n.request,
    })
    .returning()
    .get();
  const row = tx
    .insert(retirements)
    .values({
      requestId: request.id,
      modelId: model.id,
      versionId,
      category: data.category,
      reason: data.reason,
      replacementModelId: n.replacement?.modelId ?? null,
      replacementVersionId: n.replacement?.versionId ?? null,
      sunsetAt: n.sunsetAt,
      retentionDays: n.retentionDays,
      createdBy: actor.id,
      createdAt: n.now,
      ...n.retirement,
    })
    .returning()
    .get();
  return { request, row };
}

/** The answer of a command: the retirement as its own steps in this transaction left it. */
function reloadDto(tx: Tx, id: number): RetirementDto {
  return toDto(
    tx,
    tx
      .select()
      .from(retirements)
      .where(eq(retirements.id, id))
      .get() as RetirementRow,
  );
}
