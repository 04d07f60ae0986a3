// Applying an approved request: the one place a version changes stage (or an alias moves by
// request), called inside the transaction of the approval or override that allows it.
import "server-only";
import { eq } from "drizzle-orm";
import { type Tx } from "@/db/client";
import {
  modelAliases,
  modelVersions,
  registeredModels,
  type ModelVersionRow,
  type RegisteredModelRow,
  type TransitionRequestRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { STAGE_LABELS } from "@/lib/format";
import { DomainError } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { aliasPointer, pointAlias } from "@/lib/registry/aliases";
import { assertServedSignatureKept } from "@/lib/registry/alias-rules";
import { modelHref, versionHref } from "@/lib/registry/paths";
import { type Policy } from "./policies";
import { inProduction } from "./production";
import { moveStage } from "./stage-history";
import { resolveRequest } from "./close-request";
import { now as clockNow } from "@/lib/clock";

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
  const now = clockNow();
  const to = request.toStage;
  if (to === "production" && policy.singleVersion) {
    const replaced = tx
      .select()
      .from(modelVersions)
      .where(inProduction(model.id, version.id))
      .all();
    for (const old of replaced) {
      moveStage(
        tx,
        actor,
        old,
        "archived",
        {
          requestId: request.id,
          override: how.override,
          reason: `replaced by v${version.version}`,
        },
        now,
      );
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
  moveStage(
    tx,
    actor,
    version,
    to,
    {
      requestId: request.id,
      override: how.override,
      reason: how.reason ?? null,
    },
    now,
  );
  tx.update(registeredModels)
    .set({ updatedAt: now })
    .where(eq(registeredModels.id, model.id))
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
  const applied = resolveRequest(tx, actor, request.id, "applied", now);
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
  const applied = resolveRequest(tx, actor, request.id, "applied", clockNow());
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
