// Alias requests: a protected alias (the production policy's list, default `champion`) routes
// traffic, so it moves like a promotion: a request under the production policy's approvals and
// gates (evaluated on the version it would point at), applied in the transaction that brings the
// last approval (lib/lifecycle/apply.ts applyRequest). It changes no stage.
import "server-only";
import { and, eq } from "drizzle-orm";
import { transitionRequests, type TransitionRequestRow } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { assertModelAccessByName } from "@/lib/registry/model-permissions";
import { DomainError, parseInput, type Input } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { aliasPointer } from "@/lib/registry/aliases";
import {
  assertServedSignatureKept,
  isProtectedAlias,
} from "@/lib/registry/alias-rules";
import { scheduledRetirementOf } from "@/lib/retirement/lookups";
import { fileRequest, inWritableVersion } from "./open-request";
import {
  aliasRequestSchema,
  type AliasRequestInput,
} from "./requests.validation";

/** Opens a request to point a protected alias at `version` (applied at once if the policy needs nobody). */
export function requestAliasMove(
  actor: Actor,
  modelName: string,
  version: string | number,
  input: Input<AliasRequestInput>,
): TransitionRequestRow {
  assertCan(actor, "requests.create");
  // Asking to move an alias is editing the model, like asking for a stage move.
  assertModelAccessByName(actor, "versions.write", modelName);
  const data = parseInput(aliasRequestSchema, input);
  return inWritableVersion(modelName, version, (tx, model, v) => {
    if (model.status !== "active")
      throw new DomainError(
        "conflict",
        `Model '${model.name}' is ${model.status}; its aliases cannot be moved to a version`,
      );
    const retiring = scheduledRetirementOf(tx, model.id, v.id);
    if (retiring)
      throw new DomainError(
        "conflict",
        `Version ${v.version} is deprecated (sunset on ${formatDate(retiring.sunsetAt)}); @${data.alias} cannot point at it`,
      );
    if (v.status !== "ready")
      throw new DomainError(
        "conflict",
        `Version ${v.version} is ${v.status}, not ready; @${data.alias} cannot point at it`,
      );
    if (!isProtectedAlias(tx, model.id, data.alias)) {
      throw new DomainError(
        "invalid",
        `@${data.alias} is not a protected alias of '${model.name}', so it needs no request: set it directly (PUT /api/v1/models/${encodeURIComponent(model.name)}/aliases/${data.alias})`,
        {
          fields: { alias: ["Not a protected alias"] },
        },
      );
    }
    const pointer = aliasPointer(tx, model.id, data.alias);
    if (pointer?.versionId === v.id)
      throw new DomainError(
        "invalid",
        `@${data.alias} already points at v${v.version}`,
        {
          fields: { alias: ["Already points at this version"] },
        },
      );
    assertServedSignatureKept(tx, model, data.alias, pointer?.versionId, v);
    const open = tx
      .select({ id: transitionRequests.id })
      .from(transitionRequests)
      .where(
        and(
          eq(transitionRequests.versionId, v.id),
          eq(transitionRequests.kind, "alias"),
          eq(transitionRequests.alias, data.alias),
          eq(transitionRequests.status, "open"),
        ),
      )
      .get();
    if (open)
      throw new DomainError(
        "conflict",
        `A request to point @${data.alias} at v${v.version} is already open (#${open.id})`,
        {
          request_id: open.id,
        },
      );
    return fileRequest(
      tx,
      actor,
      model,
      v,
      {
        toStage: "production",
        kind: "alias",
        alias: data.alias,
        comment: data.comment,
      },
      {
        action: "alias.requested",
        after: {
          model: model.name,
          alias: data.alias,
          version: v.version,
          comment: data.comment,
        },
      },
      `${actor.name} asks to point @${data.alias} of ${model.name} at v${v.version}`,
    );
  });
}
