// Aliases (champion, challenger, ...) point at one version of a model; `latest` is computed, never stored.
// A protected alias (the production policy's list, default `champion`) is moved only by an approved
// alias request (lib/lifecycle/alias-requests.ts); see lib/registry/alias-rules.ts for both rules.
import "server-only";
import { inModelWrite } from "./model-write";
import { and, desc, eq, isNull, type SQL } from "drizzle-orm";
import { type Db, type Tx } from "@/db/client";
import {
  modelAliases,
  modelVersions,
  VERSION_STAGES,
  type ModelVersionRow,
  type RegisteredModelRow,
} from "@/db/schema";
import { emit, type Notice } from "@/lib/events/dispatch";
import type { Actor } from "@/lib/auth/actor";
import { DomainError, parseInput } from "@/lib/errors";
import { assertWritable, loadVersion } from "./load";
import { assertModelAccessByName } from "./model-permissions";
import { touch } from "./models";
import { assertNotProtected, assertServedSignatureKept } from "./alias-rules";
import { aliasSchema } from "./registry.validation";
import { now as clockNow } from "@/lib/clock";

export function setAlias(
  actor: Actor,
  modelName: string,
  alias: unknown,
  version: unknown,
): ModelVersionRow {
  const name = aliasNameFor(actor, modelName, alias);
  if (typeof version !== "number" && typeof version !== "string") {
    throw new DomainError(
      "invalid",
      "version is required: the version number the alias should point at",
      { fields: { version: ["Required"] } },
    );
  }
  return inModelWrite(
    actor,
    "versions.write",
    modelName,
    (tx, model, { actingAsAdmin }) => {
      const target = loadVersion(tx, model, version);
      assertWritable(model, target);
      const before = current(tx, model.id, name);
      // Already there (e.g. a client retrying after its alias request was approved): nothing moves.
      if (before?.versionId === target.id) return target;
      assertNotProtected(tx, actor, model, name, { to: target.version });
      assertServedSignatureKept(tx, model, name, before?.versionId, target);
      pointAlias(
        tx,
        actor,
        model,
        name,
        target,
        actingAsAdmin ? { acting_as_admin: true } : {},
      );
      return target;
    },
  );
}

/**
 * Points (or moves) an alias once its rules have been checked: by setAlias, or by an approved alias
 * request (lib/lifecycle/apply.ts), which passes the request in `extra` and notifies its author.
 */
export function pointAlias(
  tx: Tx,
  actor: Actor,
  model: RegisteredModelRow,
  alias: string,
  target: ModelVersionRow,
  extra: Record<string, unknown> = {},
  notices: Notice[] = [],
): void {
  const before = current(tx, model.id, alias);
  const now = clockNow();
  tx.insert(modelAliases)
    .values({ modelId: model.id, alias, versionId: target.id, updatedAt: now })
    .onConflictDoUpdate({
      target: [modelAliases.modelId, modelAliases.alias],
      set: { versionId: target.id, updatedAt: now },
    })
    .run();
  touch(tx, model.id);
  const beforeVersion = before
    ? tx
        .select({ v: modelVersions.version })
        .from(modelVersions)
        .where(eq(modelVersions.id, before.versionId))
        .get()?.v
    : undefined;
  emit(
    tx,
    actor,
    {
      action: "alias.set",
      entityType: "model",
      entityId: model.id,
      before: beforeVersion ? { alias, version: beforeVersion } : null,
      after: { alias, version: target.version, ...extra },
    },
    notices,
  );
}

/** Where an alias points now, or undefined. */
export function aliasPointer(db: Db | Tx, modelId: number, alias: string) {
  return current(db, modelId, alias);
}

export function deleteAlias(
  actor: Actor,
  modelName: string,
  alias: unknown,
): void {
  const name = aliasNameFor(actor, modelName, alias);
  inModelWrite(
    actor,
    "versions.write",
    modelName,
    (tx, model, { actingAsAdmin }) => {
      const before = current(tx, model.id, name);
      if (!before)
        throw new DomainError(
          "not_found",
          `Model '${modelName}' has no alias '${name}'`,
        );
      assertNotProtected(tx, actor, model, name, "delete");
      tx.delete(modelAliases)
        .where(
          and(eq(modelAliases.modelId, model.id), eq(modelAliases.alias, name)),
        )
        .run();
      touch(tx, model.id);
      emit(tx, actor, {
        action: "alias.deleted",
        entityType: "model",
        entityId: model.id,
        before: { alias: name },
        actingAsAdmin,
      });
    },
  );
}

/**
 * A version reference as users write it: a number ("3"), `latest` (newest ready version),
 * a stage (`production`, `staging`: the newest version in it) or an alias.
 */
export function resolveVersionRef(
  db: Db | Tx,
  model: RegisteredModelRow,
  ref: string,
): ModelVersionRow {
  if (/^\d+$/.test(ref)) return loadVersion(db, model, ref);
  /** The newest live version `which` picks, or a 404 saying there is `none`. */
  const newest = (which: SQL, none: string): ModelVersionRow => {
    const row = db
      .select()
      .from(modelVersions)
      .where(
        and(
          eq(modelVersions.modelId, model.id),
          isNull(modelVersions.deletedAt),
          which,
        ),
      )
      .orderBy(desc(modelVersions.version))
      .limit(1)
      .get();
    if (!row) throw new DomainError("not_found", none);
    return row;
  };
  if (ref === "latest")
    return newest(
      eq(modelVersions.status, "ready"),
      `Model '${model.name}' has no ready version`,
    );
  const stage = VERSION_STAGES.find((s) => s === ref.toLowerCase());
  if (stage && stage !== "none")
    return newest(
      eq(modelVersions.stage, stage),
      `Model '${model.name}' has no version in ${stage}`,
    );
  const alias = parseInput(aliasSchema, ref, "alias");
  const pointer = current(db, model.id, alias);
  if (!pointer)
    throw new DomainError(
      "not_found",
      `Model '${model.name}' has no alias '${alias}'`,
    );
  const row = db
    .select()
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.id, pointer.versionId),
        isNull(modelVersions.deletedAt),
      ),
    )
    .get();
  if (!row)
    throw new DomainError(
      "not_found",
      `Alias '${alias}' of '${model.name}' points at a deleted version`,
    );
  return row;
}

/** Access to the model is checked before the alias name is judged, as every registry write does. */
function aliasNameFor(actor: Actor, modelName: string, alias: unknown): string {
  assertModelAccessByName(actor, "versions.write", modelName);
  return parseInput(aliasSchema, alias, "alias");
}

function current(db: Db | Tx, modelId: number, alias: string) {
  return db
    .select()
    .from(modelAliases)
    .where(
      and(eq(modelAliases.modelId, modelId), eq(modelAliases.alias, alias)),
    )
    .get();
}
