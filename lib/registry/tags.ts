// Setting and deleting one tag of a model or a version: the same steps for both (validate, compare
// with what is there, write, touch, audit), inside the caller's transaction after its access checks.
// Also the one filter on a model's tag that the model list and the dashboard both apply.
import "server-only";
import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { modelTags, registeredModels, versionTags } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { DomainError, parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { tagKeySchema, tagValueSchema } from "./registry.validation";

/** Whose tag: a model's or a version's row id, how messages name it, and how its change is recorded. */
export type TagOwner = {
  kind: "model" | "version";
  id: number;
  /** "Model 'churn'", "Version 3 of 'churn'": the subject of a not-found message. */
  label: string;
  actingAsAdmin: boolean;
  /** Marks the owner as changed (its updated_at), after a set or a delete. */
  touch: (tx: Tx) => void;
};

const ENTITY = { model: "model", version: "model_version" } as const;

function read(tx: Tx, owner: TagOwner, key: string): string | undefined {
  if (owner.kind === "model")
    return tx
      .select()
      .from(modelTags)
      .where(and(eq(modelTags.modelId, owner.id), eq(modelTags.key, key)))
      .get()?.value;
  return tx
    .select()
    .from(versionTags)
    .where(and(eq(versionTags.versionId, owner.id), eq(versionTags.key, key)))
    .get()?.value;
}

/** Validates the key and value by name (`key`, `value`); a value equal to the stored one changes nothing. */
export function putTag(
  tx: Tx,
  actor: Actor,
  owner: TagOwner,
  key: unknown,
  value: unknown,
): void {
  const k = parseInput(tagKeySchema, key, "key");
  const v = parseInput(tagValueSchema, value, "value");
  const before = read(tx, owner, k);
  if (before === v) return;
  if (owner.kind === "model")
    tx.insert(modelTags)
      .values({ modelId: owner.id, key: k, value: v })
      .onConflictDoUpdate({
        target: [modelTags.modelId, modelTags.key],
        set: { value: v },
      })
      .run();
  else
    tx.insert(versionTags)
      .values({ versionId: owner.id, key: k, value: v })
      .onConflictDoUpdate({
        target: [versionTags.versionId, versionTags.key],
        set: { value: v },
      })
      .run();
  owner.touch(tx);
  emit(tx, actor, {
    action: `${owner.kind}.tag_set`,
    entityType: ENTITY[owner.kind],
    entityId: owner.id,
    before: before === undefined ? null : { [k]: before },
    after: { [k]: v },
    actingAsAdmin: owner.actingAsAdmin,
  });
}

/** A tag that is not there is a 404 naming it. */
export function removeTag(
  tx: Tx,
  actor: Actor,
  owner: TagOwner,
  key: unknown,
): void {
  const k = parseInput(tagKeySchema, key, "key");
  const before = read(tx, owner, k);
  if (before === undefined)
    throw new DomainError("not_found", `${owner.label} has no tag '${k}'`);
  if (owner.kind === "model")
    tx.delete(modelTags)
      .where(and(eq(modelTags.modelId, owner.id), eq(modelTags.key, k)))
      .run();
  else
    tx.delete(versionTags)
      .where(and(eq(versionTags.versionId, owner.id), eq(versionTags.key, k)))
      .run();
  owner.touch(tx);
  emit(tx, actor, {
    action: `${owner.kind}.tag_deleted`,
    entityType: ENTITY[owner.kind],
    entityId: owner.id,
    before: { [k]: before },
    actingAsAdmin: owner.actingAsAdmin,
  });
}

/** Models carrying the tag `key` = `value` (a condition on registered_models). */
export function modelHasTag(db: Db | Tx, key: string, value: string): SQL {
  return inArray(
    registeredModels.id,
    db
      .select({ id: modelTags.modelId })
      .from(modelTags)
      .where(and(eq(modelTags.key, key), eq(modelTags.value, value))),
  );
}
