// Registered models: create, edit, tag, rename, delete. Each change is one immediate transaction
// with its audit event; model metadata may be changed by its owner or an admin.
import "server-only";
import { inModelWrite } from "./model-write";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import {
  modelAliases,
  modelTags,
  modelVersions,
  registeredModels,
  type RegisteredModelRow,
} from "@/db/schema";
import { changes } from "@/lib/audit/audit";
import { emit } from "@/lib/events/dispatch";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { assertModelAccess } from "./model-permissions";
import { DomainError, parseInput, type Input } from "@/lib/errors";
import { loadModel } from "./load";
import { putTag, removeTag, type TagOwner } from "./tags";
import {
  createModelSchema,
  modelNameSchema,
  updateModelSchema,
  type CreateModelInput,
  type UpdateModelInput,
} from "./registry.validation";
import { now as clockNow } from "@/lib/clock";

export function createModel(
  actor: Actor,
  input: Input<CreateModelInput>,
): RegisteredModelRow {
  assertCan(actor, "models.create");
  const data = parseInput(createModelSchema, input);
  return getDb().transaction(
    (tx) => {
      assertNameFree(tx, data.name);
      const now = clockNow();
      const row = tx
        .insert(registeredModels)
        .values({
          name: data.name,
          description: data.description ?? "",
          ownerId: actor.id === "system" ? null : actor.id,
          task: data.task ?? "other",
          useCase: data.use_case ?? "",
          keyMetric: data.key_metric || null,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      const tags = Object.entries(data.tags ?? {});
      if (tags.length)
        tx.insert(modelTags)
          .values(tags.map(([key, value]) => ({ modelId: row.id, key, value })))
          .run();
      emit(tx, actor, {
        action: "model.created",
        entityType: "model",
        entityId: row.id,
        after: {
          name: row.name,
          task: row.task,
          description: row.description,
          tags: data.tags ?? {},
        },
      });
      return row;
    },
    { behavior: "immediate" },
  );
}

export function updateModel(
  actor: Actor,
  name: string,
  input: Input<UpdateModelInput>,
): RegisteredModelRow {
  return edit(actor, name, input, undefined);
}

export function renameModel(
  actor: Actor,
  name: string,
  newName: unknown,
): RegisteredModelRow {
  return edit(actor, name, {}, newName);
}

/**
 * Edits a model's metadata and, when `name` is given, renames it: one transaction, so either the
 * whole edit applies or (a bad field, a taken name) nothing does. The REST PATCH's one call.
 */
export function editModel(
  actor: Actor,
  name: string,
  input: Input<UpdateModelInput> & { name?: unknown },
): RegisteredModelRow {
  const { name: newName, ...rest } =
    input && typeof input === "object"
      ? input
      : ({} as Record<string, unknown>);
  return edit(actor, name, rest, newName);
}

function edit(
  actor: Actor,
  name: string,
  input: unknown,
  newName: unknown,
): RegisteredModelRow {
  // Who may change it is settled before what they sent is judged: a refused caller learns nothing.
  assertCan(actor, "models.update");
  return inModelWrite(
    actor,
    "models.update",
    name,
    (tx, model, { actingAsAdmin }) => {
      const data = parseInput(updateModelSchema, input);
      const target =
        newName === undefined
          ? model.name
          : parseInput(modelNameSchema, newName, "new_name");
      if (target !== model.name) assertNameFree(tx, target, "new_name");
      let current = model;
      if (target !== model.name) {
        current = tx
          .update(registeredModels)
          .set({ name: target, updatedAt: clockNow() })
          .where(eq(registeredModels.id, model.id))
          .returning()
          .get();
        emit(tx, actor, {
          action: "model.renamed",
          entityType: "model",
          entityId: model.id,
          before: { name: model.name },
          after: { name: target },
          actingAsAdmin,
        });
      }
      const patch = {
        description: data.description,
        task: data.task,
        useCase: data.use_case,
        keyMetric: data.key_metric === "" ? null : data.key_metric,
      };
      const diff = changes(current, patch);
      if (!diff.changed) return current;
      const updated = tx
        .update(registeredModels)
        .set({ ...patch, updatedAt: clockNow() })
        .where(eq(registeredModels.id, model.id))
        .returning()
        .get();
      emit(tx, actor, {
        action: "model.updated",
        entityType: "model",
        entityId: model.id,
        before: diff.before,
        after: diff.after,
        actingAsAdmin,
      });
      return updated;
    },
  );
}

/** Soft delete: the model and its versions disappear from the registry but stay in the audit trail. */
export function deleteModel(actor: Actor, name: string): void {
  assertCan(actor, "models.update");
  getDb().transaction(
    (tx) => {
      const model = loadModel(tx, name);
      const { actingAsAdmin } = assertModelAccess(
        tx,
        actor,
        "models.update",
        model,
      );
      const live = tx
        .select({ version: modelVersions.version, stage: modelVersions.stage })
        .from(modelVersions)
        .where(
          and(
            eq(modelVersions.modelId, model.id),
            isNull(modelVersions.deletedAt),
            inArray(modelVersions.stage, ["staging", "production"]),
          ),
        )
        .all();
      if (live.length) {
        const list = live.map((v) => `v${v.version} (${v.stage})`).join(", ");
        throw new DomainError(
          "conflict",
          `Model '${name}' has versions in staging or production (${list}); archive them before deleting the model`,
        );
      }
      const now = clockNow();
      tx.delete(modelAliases).where(eq(modelAliases.modelId, model.id)).run();
      tx.update(modelVersions)
        .set({ deletedAt: now })
        .where(
          and(
            eq(modelVersions.modelId, model.id),
            isNull(modelVersions.deletedAt),
          ),
        )
        .run();
      tx.update(registeredModels)
        .set({ deletedAt: now, updatedAt: now })
        .where(eq(registeredModels.id, model.id))
        .run();
      emit(tx, actor, {
        action: "model.deleted",
        entityType: "model",
        entityId: model.id,
        before: { name: model.name },
        actingAsAdmin,
      });
    },
    { behavior: "immediate" },
  );
}

export function setModelTag(
  actor: Actor,
  name: string,
  key: unknown,
  value: unknown,
): void {
  withWritableModel(actor, name, (tx, owner) =>
    putTag(tx, actor, owner, key, value),
  );
}

export function deleteModelTag(actor: Actor, name: string, key: unknown): void {
  withWritableModel(actor, name, (tx, owner) =>
    removeTag(tx, actor, owner, key),
  );
}

/** A tag change on a model its caller may update: one transaction, the model touched. */
function withWritableModel(
  actor: Actor,
  name: string,
  change: (tx: Tx, owner: TagOwner) => void,
): void {
  assertCan(actor, "models.update");
  inModelWrite(actor, "models.update", name, (tx, model, { actingAsAdmin }) => {
    change(tx, {
      kind: "model",
      id: model.id,
      label: `Model '${name}'`,
      actingAsAdmin,
      touch: (t) => touch(t, model.id),
    });
  });
}

export function touch(tx: Tx, modelId: number): void {
  tx.update(registeredModels)
    .set({ updatedAt: clockNow() })
    .where(eq(registeredModels.id, modelId))
    .run();
}

function assertNameFree(tx: Tx, name: string, field = "name"): void {
  const taken = tx
    .select({ id: registeredModels.id })
    .from(registeredModels)
    .where(
      and(eq(registeredModels.name, name), isNull(registeredModels.deletedAt)),
    )
    .get();
  if (taken)
    throw new DomainError(
      "conflict",
      `A model named '${name}' already exists`,
      { fields: { [field]: ["Already taken"] } },
    );
}
