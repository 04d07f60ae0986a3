// Updating and (soft) deleting a model version.
import "server-only";
import { inVersionWrite } from "./model-write";
import { eq } from "drizzle-orm";
import { modelAliases, modelVersions, type ModelVersionRow } from "@/db/schema";
import { changes } from "@/lib/audit/audit";
import { emit } from "@/lib/events/dispatch";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError, parseInput, type Input } from "@/lib/errors";
import { assertNotProtected } from "./alias-rules";
import { assertContentMutable } from "./immutability";
import { assertModelAccessByName } from "./model-permissions";
import { touch } from "./models";
import {
  updateVersionSchema,
  type UpdateVersionInput,
} from "./registry.validation";
import {
  assertReleaseLabelFree,
  metricsOf,
  stringifyParams,
  writeMetrics,
} from "./version-fields";
import { now as clockNow } from "@/lib/clock";

export function updateVersion(
  actor: Actor,
  modelName: string,
  version: string | number,
  input: Input<UpdateVersionInput>,
): ModelVersionRow {
  assertModelAccessByName(actor, "versions.write", modelName);
  const data = parseInput(updateVersionSchema, input);
  return inVersionWrite(
    actor,
    "versions.write",
    modelName,
    version,
    (tx, model, row, { actingAsAdmin }) => {
      if (data.release_label && data.release_label !== row.releaseLabel)
        assertReleaseLabelFree(tx, model.id, model.name, data.release_label);
      const patch = {
        description: data.description,
        status: data.status,
        statusMessage: data.status_message,
        releaseLabel: data.release_label,
        params: data.params
          ? JSON.stringify(stringifyParams(data.params))
          : undefined,
        signature:
          data.signature === undefined
            ? undefined
            : data.signature === null
              ? null
              : JSON.stringify(data.signature),
        modelFile: data.model_file,
      };
      const diff = changes(row, patch);
      // Content fields of a reviewed version are frozen; sending the value it already has is fine.
      for (const [key, what, field] of CONTENT_FIELDS)
        if (key in diff.after)
          assertContentMutable(tx, model, row, what, field);
      let metricsChanged = false;
      if (data.metrics) {
        const before = metricsOf(tx, row.id);
        metricsChanged =
          JSON.stringify(before) !==
          JSON.stringify({ ...before, ...data.metrics });
        if (metricsChanged)
          assertContentMutable(tx, model, row, "metrics", "metrics");
        if (metricsChanged) {
          writeMetrics(tx, row.id, data.metrics);
          diff.before.metrics = before;
          diff.after.metrics = data.metrics;
        }
      }
      if (!diff.changed && !metricsChanged) return row;
      const now = clockNow();
      const updated = tx
        .update(modelVersions)
        .set({ ...patch, updatedAt: now })
        .where(eq(modelVersions.id, row.id))
        .returning()
        .get();
      touch(tx, model.id);
      emit(tx, actor, {
        action: "version.updated",
        entityType: "model_version",
        entityId: row.id,
        before: diff.before,
        after: diff.after,
        actingAsAdmin,
      });
      return updated;
    },
  );
}

/** Soft delete: hidden from the registry, its number never given out again, its aliases removed. */
export function deleteVersion(
  actor: Actor,
  modelName: string,
  version: string | number,
): void {
  assertCan(actor, "versions.write");
  inVersionWrite(
    actor,
    "versions.write",
    modelName,
    version,
    (tx, model, row, { actingAsAdmin }) => {
      if (row.stage === "staging" || row.stage === "production") {
        throw new DomainError(
          "conflict",
          `Version ${row.version} is in ${row.stage}; archive it before deleting it`,
        );
      }
      // Deleting the version would drop its aliases: a protected one moves only through a request.
      for (const a of tx
        .select({ alias: modelAliases.alias })
        .from(modelAliases)
        .where(eq(modelAliases.versionId, row.id))
        .all())
        assertNotProtected(tx, actor, model, a.alias, "delete");
      const now = clockNow();
      tx.delete(modelAliases).where(eq(modelAliases.versionId, row.id)).run();
      tx.update(modelVersions)
        .set({ deletedAt: now, updatedAt: now })
        .where(eq(modelVersions.id, row.id))
        .run();
      touch(tx, model.id);
      emit(tx, actor, {
        action: "version.deleted",
        entityType: "model_version",
        entityId: row.id,
        before: { model: model.name, version: row.version },
        actingAsAdmin,
      });
    },
  );
}

/** Version fields that are content (frozen after review), with how errors name them. */
const CONTENT_FIELDS = [
  ["params", "parameters", "params"],
  ["signature", "signature", "signature"],
  ["modelFile", "model file", "model_file"],
] as const;
