// Opening a request on a version, as stage moves (./requests.ts), alias moves (./alias-requests.ts)
// and an admin's override (./decisions.ts) all do it: the write transaction's prelude, the checks a
// stage move makes, the row bound to the version's evidence as it is now, and the announcement to
// the approvers, which applies the change at once when the policy needs nobody.
import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import {
  transitionRequests,
  type ModelVersionRow,
  type RegisteredModelRow,
  type TargetStage,
  type TransitionRequestRow,
} from "@/db/schema";
import type { AuditInput } from "@/lib/audit/audit-chain";
import type { Actor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { STAGE_LABELS } from "@/lib/format";
import { assertWritable, loadModel, loadVersion } from "@/lib/registry/load";
import { applyRequest } from "./apply";
import { evidenceHash } from "./evidence";
import { effectivePolicy } from "./policies";
import { approvers, gateResults } from "./review-state";
import { now as clockNow } from "@/lib/clock";

/**
 * In one immediate transaction: load the model and the version (404 for either), refuse a retired
 * one, then open the request. Access to the model is the caller's to check (or not, for an admin's
 * override); lib/registry/model-write.ts inVersionWrite checks it between the two.
 */
export function inWritableVersion<T>(
  modelName: string,
  version: string | number,
  open: (tx: Tx, model: RegisteredModelRow, v: ModelVersionRow) => T,
): T {
  return getDb().transaction(
    (tx) => {
      const model = loadModel(tx, modelName);
      const v = loadVersion(tx, model, version);
      assertWritable(model, v);
      return open(tx, model, v);
    },
    { behavior: "immediate" },
  );
}

/** Refuses (400 on to_stage) a move to the stage the version is already in. */
export function assertNotAlreadyIn(
  v: ModelVersionRow,
  toStage: TargetStage,
): void {
  if (v.stage === toStage)
    throw new DomainError(
      "invalid",
      `Version ${v.version} is already in ${STAGE_LABELS[v.stage]}`,
      { fields: { to_stage: ["Already in this stage"] } },
    );
}

/** The open requests to move the version to `toStage` (alias requests are other moves). */
export function openMovesTo(versionId: number, toStage: TargetStage) {
  return and(
    eq(transitionRequests.versionId, versionId),
    eq(transitionRequests.toStage, toStage),
    eq(transitionRequests.status, "open"),
    ne(transitionRequests.kind, "alias"),
  );
}

/** What differs between requests on a version; the rest comes from the version and the actor. */
export type RequestFields = {
  toStage: TargetStage;
  comment: string;
  kind?: TransitionRequestRow["kind"];
  alias?: string;
  override?: boolean;
};

/** Inserts a request on the version, bound to the version's evidence (artifacts, metrics) as it is now. */
export function insertRequest(
  tx: Tx,
  actor: Actor,
  model: RegisteredModelRow,
  v: ModelVersionRow,
  fields: RequestFields,
  createdAt: number,
): TransitionRequestRow {
  return tx
    .insert(transitionRequests)
    .values({
      modelId: model.id,
      versionId: v.id,
      fromStage: v.stage,
      requestedBy: actor.id,
      evidenceHash: evidenceHash(tx, v.id),
      createdAt,
      ...fields,
    })
    .returning()
    .get();
}

/**
 * Opens a request for review: the row, its audit event with `notice` to everyone who may approve
 * under the target stage's policy, and, when that policy needs no approval and its gates pass, the
 * change itself in this same transaction.
 */
export function fileRequest(
  tx: Tx,
  actor: Actor,
  model: RegisteredModelRow,
  v: ModelVersionRow,
  fields: RequestFields,
  event: Pick<AuditInput, "action" | "after" | "actingAsAdmin">,
  notice: string,
): TransitionRequestRow {
  const row = insertRequest(tx, actor, model, v, fields, clockNow());
  const policy = effectivePolicy(tx, model.id, fields.toStage);
  emit(
    tx,
    actor,
    { ...event, entityType: "transition_request", entityId: row.id },
    approvers(tx, policy).map((userId) => ({
      userId,
      kind: "review_waiting",
      message: notice,
      link: `/reviews#request-${row.id}`,
    })),
  );
  if (
    policy.requiredApprovals === 0 &&
    gateResults(tx, model, v, policy).every((g) => g.pass)
  )
    return applyRequest(tx, actor, row, model, v, policy, { override: false });
  return row;
}
