// The write-transaction prelude of every service that changes a model or what hangs off it: in one
// immediate transaction (SQLite's write lock from the first statement, so nothing changes between
// the checks and the write), load the model by name, check the caller's access to it (the role's
// permission, then the model's own grants) and refuse a retired model, then make the change.
import "server-only";
import { getDb, type Tx } from "@/db/client";
import type { ModelVersionRow, RegisteredModelRow } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { Permission } from "@/lib/auth/permissions";
import { assertWritable, loadModel, loadVersion } from "./load";
import { assertModelAccess } from "./model-permissions";

/** What the access check found: whether an admin acts on a model that is not theirs. */
type Access = { actingAsAdmin: boolean };

export function inModelWrite<T>(
  actor: Actor,
  permission: Permission,
  modelName: string,
  change: (tx: Tx, model: RegisteredModelRow, access: Access) => T,
): T {
  return inImmediateTransaction((tx) => {
    const model = loadModel(tx, modelName);
    const access = assertModelAccess(tx, actor, permission, model);
    assertWritable(model);
    return change(tx, model, access);
  });
}

/**
 * The same prelude for a change to one version: load the model and the version (404 for either),
 * check access to the model, refuse a retired model or version, then make the change.
 */
export function inVersionWrite<T>(
  actor: Actor,
  permission: Permission,
  modelName: string,
  version: string | number,
  change: (
    tx: Tx,
    model: RegisteredModelRow,
    row: ModelVersionRow,
    access: Access,
  ) => T,
): T {
  return inImmediateTransaction((tx) => {
    const model = loadModel(tx, modelName);
    const row = loadVersion(tx, model, version);
    const access = assertModelAccess(tx, actor, permission, model);
    assertWritable(model, row);
    return change(tx, model, row, access);
  });
}

function inImmediateTransaction<T>(work: (tx: Tx) => T): T {
  return getDb().transaction(work, { behavior: "immediate" });
}
