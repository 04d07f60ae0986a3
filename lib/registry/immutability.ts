// A version's content (artifacts, the metrics gates read, signature, parameters, lineage, model
// file) is frozen once it has been requested for any transition or has left Development, so what
// reviewers approved is what serves. Description and tags stay editable.
import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  transitionRequests,
  type ModelVersionRow,
  type RegisteredModelRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/errors";
import { assertWritable, loadModel, loadVersion } from "./load";
import { assertModelAccess } from "./model-permissions";

/** True once the version has left Development or any request (even a cancelled one) named it. */
export function isContentLocked(
  db: Db | Tx,
  version: Pick<ModelVersionRow, "id" | "stage">,
): boolean {
  if (version.stage !== "none") return true;
  return (
    db
      .select({ id: transitionRequests.id })
      .from(transitionRequests)
      .where(eq(transitionRequests.versionId, version.id))
      .limit(1)
      .get() !== undefined
  );
}

/** Refuses (409, naming the field and the rule) a change to a locked version's `what`. */
export function assertContentMutable(
  db: Db | Tx,
  model: RegisteredModelRow,
  version: ModelVersionRow,
  what: string,
  field: string,
): void {
  if (!isContentLocked(db, version)) return;
  const why =
    version.stage === "none"
      ? "has been requested for a transition"
      : `has left Development (it is ${version.stage === "archived" ? "archived" : `in ${version.stage}`})`;
  throw new DomainError(
    "conflict",
    `Version ${version.version} of '${model.name}' ${why}, so its ${what} can no longer change: register a new version instead`,
    {
      fields: { [field]: ["Immutable after review: register a new version"] },
      rule: "content_immutable_after_review",
    },
  );
}

/**
 * Loads a version for a change to its content (files, evaluations): the caller may edit the
 * model, the version is not retired, and its content is not frozen yet. Services call it before
 * reading a large body and again inside their transaction.
 */
export function versionForContentChange(
  db: Db | Tx,
  actor: Actor,
  modelName: string,
  version: string | number,
  what: string,
  field: string,
) {
  const model = loadModel(db, modelName);
  const row = loadVersion(db, model, version);
  const { actingAsAdmin } = assertModelAccess(
    db,
    actor,
    "versions.write",
    model,
  );
  assertWritable(model, row);
  assertContentMutable(db, model, row, what, field);
  return { model, version: row, actingAsAdmin };
}
