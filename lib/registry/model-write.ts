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

export function inModelWrite<T>(
  actor: Actor,
  permission: Permission,
  modelName: string,
  change: (
    tx: Tx,
    model: RegisteredModelRow,
    access: { actingAsAdmin: boolean },
  ) => T,
): T {
  return getDb().transaction(
    (tx) => {
      const model = loadModel(tx, modelName);
      const access = assertModelAccess(tx, actor, permission, model);
      assertWritable(model);
      return change(tx, model, access);
    },
    { behavior: "immediate" },
  );
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
    access: { actingAsAdmin: boolean },
  ) => T,
): T {
  return getDb().transaction(
    (tx) => {
      const model = loadModel(tx, modelName);
      const row = loadVersion(tx, model, version);
      const access = assertModelAccess(tx, actor, permission, model);
      assertWritable(model, row);
      return change(tx, model, row, access);
    },
    { behavior: "immediate" },
  );
}
