// What a request's review depends on, read inside the deciding transaction: the open request, the
// policy's gates, the evidence approvals bind to, the approvals counted, who may approve, the
// previous production version (./production.ts); and how events and notifications name a request.
import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { type getDb, type Tx } from "@/db/client";
import {
  modelVersions,
  registeredModels,
  reviews,
  transitionRequests,
  user,
  type ModelVersionRow,
  type RegisteredModelRow,
  type TransitionRequestRow,
} from "@/db/schema";
import { STAGE_LABELS } from "@/lib/format";
import { DomainError } from "@/lib/errors";
import { assertWritable } from "@/lib/registry/load";
import { modelHref, versionHref } from "@/lib/registry/paths";
import { metricsOf } from "@/lib/registry/version-fields";
import { fileSafety } from "@/lib/registry/unsafe-files";
import { isCardComplete } from "@/lib/model-card/model-card";
import { evidenceHash } from "./evidence";
import { trustedSignatureStatus } from "@/lib/signing/verify";
import { evaluateGates, gatesFor, type GateResult } from "./gates";
import { newestInProduction } from "./production";
import { type Policy } from "./policies";

/** The policy's promotion gates evaluated for a version against the current production one. */
export function gateResults(
  tx: Tx | ReturnType<typeof getDb>,
  model: RegisteredModelRow,
  version: ModelVersionRow,
  policy: Policy,
): GateResult[] {
  const files = fileSafety(tx, version.id);
  const gates = gatesFor(policy.stage, policy.gates, files);
  if (gates.length === 0) return [];
  const prod = newestInProduction(tx, model.id, version.id);
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

/** Distinct reviewers who approved the request's current evidence (each reviewer counted once). */
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

/** The audit and webhook event of a step in a request's life, by the kind of request. */
export function eventOf(
  request: TransitionRequestRow,
  step: "approved" | "rejected" | "cancelled",
): string {
  if (request.kind === "retirement")
    return step === "approved" ? "retirement.reviewed" : `retirement.${step}`;
  return `${request.kind === "alias" ? "alias" : "transition"}.${step}`;
}

/** An open request with its model and version, inside the deciding transaction; 404/409 otherwise. */
export function loadOpen(tx: Tx, requestId: number) {
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
  const { model, version } = subjectOf(tx, request);
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

/** The model and version a request names, as stored: either may since have gone. */
export function subjectOf(
  db: Tx | ReturnType<typeof getDb>,
  request: TransitionRequestRow,
) {
  const model = db
    .select()
    .from(registeredModels)
    .where(eq(registeredModels.id, request.modelId))
    .get();
  // Null only for the retirement of a whole model.
  const version =
    request.versionId === null
      ? null
      : (db
          .select()
          .from(modelVersions)
          .where(eq(modelVersions.id, request.versionId))
          .get() ?? null);
  return { model, version };
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

/** How notifications name what a request asks for. */
export function what(
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

/** Where a request's notifications link to. */
export function hrefOf(
  model: RegisteredModelRow,
  version: ModelVersionRow | null,
): string {
  return version
    ? versionHref(model.name, version.version)
    : modelHref(model.name);
}

/** Who may approve under a policy: its named approvers, else every active reviewer. */
export function approvers(tx: Tx, policy: Policy): string[] {
  if (policy.approverIds.length) return policy.approverIds;
  return tx
    .select({ id: user.id })
    .from(user)
    .where(and(inArray(user.role, ["reviewer"]), isNull(user.deactivatedAt)))
    .all()
    .map((u) => u.id);
}
