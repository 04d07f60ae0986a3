// MLflow's registered-models/alias endpoints (set, delete, get the version by alias), with
// Stageline's protected aliases governed as stages are.
import "server-only";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/auth/permissions";
import { publicUrl } from "@/lib/config";
import { requestAliasMove } from "@/lib/lifecycle/alias-requests";
import { aliasPointer, deleteAlias, setAlias } from "@/lib/registry/aliases";
import { isProtectedAlias } from "@/lib/registry/alias-rules";
import { aliasTarget } from "@/lib/registry/read-rows";
import { modelVersionJson } from "./entities";
import { MlflowError } from "./errors";
import type { Handler } from "./handlers";
import { ignoreMissing, model, openRequestId, version } from "./lookup";

/**
 * A protected alias (the production policy's list, default `champion`) is governed like a stage:
 * set-alias opens an alias request (or joins the open one) and answers PERMISSION_DENIED naming it,
 * as transition-stage does; it is applied at once only where the policy needs no approval.
 */
export const setModelAlias: Handler = (actor, p) => {
  const name = p.str("name", true);
  const alias = p.str("alias", true);
  const v = p.str("version", true);
  const m = model(name);
  const row = version(m, v);
  const pointer = aliasPointer(getDb(), m.id, alias);
  if (
    !isProtectedAlias(getDb(), m.id, alias) ||
    pointer?.versionId === row.id
  ) {
    setAlias(actor, name, alias, row.version);
    return {};
  }
  const requestId = openRequestId(() =>
    requestAliasMove(actor, name, row.version, {
      alias,
      comment: "Requested through the MLflow API (set-alias)",
    }),
  );
  if (requestId === null) return {};
  throw new MlflowError(
    "PERMISSION_DENIED",
    `Alias '${alias}' of ${name} is protected by Stageline's production policy: pointing it at version ${row.version} needs approval, and alias request #${requestId} is open. Reviewers approve it at ${publicUrl()}/reviews (or POST /api/v1/transition-requests/${requestId}/approve).`,
  );
};

export const deleteModelAlias: Handler = (actor, p) => {
  const name = p.str("name", true);
  const alias = p.str("alias", true);
  assertCan(actor, "versions.write");
  const m = model(name);
  const pointer = aliasPointer(getDb(), m.id, alias);
  if (pointer && isProtectedAlias(getDb(), m.id, alias)) {
    throw new MlflowError(
      "PERMISSION_DENIED",
      `Alias '${alias}' of ${name} is protected by Stageline's production policy and is not removed directly: point it at another version with set-alias (which opens a request for reviewers), or an admin removes it from the protected aliases at ${publicUrl()}/settings/policies.`,
    );
  }
  ignoreMissing(() => deleteAlias(actor, name, alias));
  return {};
};

export const getModelVersionByAlias: Handler = (actor, p) => {
  assertCan(actor, "models.read");
  const m = model(p.str("name", true));
  const alias = p.str("alias", true);
  const row = aliasTarget(getDb(), m.id, alias);
  if (!row)
    throw new MlflowError(
      "INVALID_PARAMETER_VALUE",
      `Registered model alias ${alias} not found.`,
    );
  return {
    model_version: modelVersionJson(getDb(), m.name, row, { aliases: true }),
  };
};
