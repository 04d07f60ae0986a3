// Model versions: numbered per model (never reused), with lineage, params, metrics, signature and tags.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  modelAliases,
  modelVersions,
  registeredModels,
  versionMetrics,
  versionTags,
  type ModelVersionRow,
} from "@/db/schema";
import { changes } from "@/lib/audit/audit";
import { emit } from "@/lib/events/dispatch";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError, parseInput, type Input } from "@/lib/errors";
import { assertNotProtected } from "./alias-rules";
import { manifestDigest } from "./content";
import { assertContentMutable } from "./immutability";
import { signVersionContent } from "@/lib/signing/sign";
import { assertWritable, loadModel, loadVersion } from "./load";
import {
  assertModelAccess,
  assertModelAccessByName,
} from "./model-permissions";
import { touch } from "./models";
import { putTag, removeTag, type TagOwner } from "./tags";
import {
  createVersionSchema,
  updateVersionSchema,
  type CreateVersionInput,
  type UpdateVersionInput,
} from "./registry.validation";

// Every registration (MLflow clients register at high rates) runs these: prepared once per
// connection (db/prepared.ts), in transactions too.
const insertVersion = preparedQuery((db) => {
  const p = (name: string) => sql.placeholder(name);
  return db
    .insert(modelVersions)
    .values({
      modelId: p("modelId"),
      version: p("version"),
      description: p("description"),
      status: p("status"),
      source: p("source"),
      runId: p("runId"),
      runLink: p("runLink"),
      gitRepo: p("gitRepo"),
      gitCommit: p("gitCommit"),
      gitDirty: p("gitDirty"),
      datasetName: p("datasetName"),
      datasetVersion: p("datasetVersion"),
      framework: p("framework"),
      flavor: p("flavor"),
      releaseLabel: p("releaseLabel"),
      params: p("params"),
      signature: p("signature"),
      modelFile: p("modelFile"),
      contentDigest: p("contentDigest"),
      createdBy: p("createdBy"),
      createdAt: p("createdAt"),
      updatedAt: p("updatedAt"),
    })
    .returning()
    .prepare();
});
const bumpNextVersion = preparedQuery((db) =>
  db
    .update(registeredModels)
    .set({
      nextVersion: sql`${sql.placeholder("next")}`,
      updatedAt: sql`${sql.placeholder("now")}`,
    })
    .where(eq(registeredModels.id, sql.placeholder("id")))
    .prepare(),
);

export function createVersion(
  actor: Actor,
  modelName: string,
  input: Input<CreateVersionInput>,
): ModelVersionRow {
  assertModelAccessByName(actor, "versions.write", modelName);
  const data = parseInput(createVersionSchema, input);
  return getDb().transaction(
    (tx) => {
      const model = loadModel(tx, modelName);
      const { actingAsAdmin } = assertModelAccess(
        tx,
        actor,
        "versions.write",
        model,
      );
      assertWritable(model);
      if (data.release_label)
        assertReleaseLabelFree(tx, model.id, model.name, data.release_label);
      const now = Date.now();
      const number = model.nextVersion;
      const row = insertVersion(tx).get({
        modelId: model.id,
        version: number,
        description: data.description ?? "",
        status: data.status ?? "ready",
        source: data.source ?? null,
        runId: data.run_id ?? null,
        runLink: data.run_link ?? null,
        gitRepo: data.lineage?.git_repo ?? null,
        gitCommit: data.lineage?.git_commit?.toLowerCase() ?? null,
        gitDirty: data.lineage?.git_dirty ?? null,
        datasetName: data.lineage?.dataset_name ?? null,
        datasetVersion: data.lineage?.dataset_version ?? null,
        framework: data.framework ?? null,
        flavor: data.flavor ?? null,
        releaseLabel: data.release_label ?? null,
        params: JSON.stringify(stringifyParams(data.params ?? {})),
        signature: data.signature ? JSON.stringify(data.signature) : null,
        modelFile: data.model_file ?? null,
        contentDigest: manifestDigest([]),
        createdBy: actor.id === "system" ? null : actor.id,
        createdAt: now,
        updatedAt: now,
      }) as ModelVersionRow;
      bumpNextVersion(tx).run({ id: model.id, next: number + 1, now });
      writeMetrics(tx, row.id, data.metrics ?? {});
      const tags = Object.entries(data.tags ?? {});
      if (tags.length)
        tx.insert(versionTags)
          .values(
            tags.map(([key, value]) => ({ versionId: row.id, key, value })),
          )
          .run();
      signVersionContent(tx, row.id, actor);
      emit(tx, actor, {
        action: "version.created",
        entityType: "model_version",
        entityId: row.id,
        after: {
          model: model.name,
          version: number,
          source: row.source,
          git_commit: row.gitCommit,
          release_label: row.releaseLabel,
          metrics: data.metrics ?? {},
        },
        actingAsAdmin,
      });
      return row;
    },
    { behavior: "immediate" },
  );
}

export function updateVersion(
  actor: Actor,
  modelName: string,
  version: string | number,
  input: Input<UpdateVersionInput>,
): ModelVersionRow {
  assertModelAccessByName(actor, "versions.write", modelName);
  const data = parseInput(updateVersionSchema, input);
  return getDb().transaction(
    (tx) => {
      const model = loadModel(tx, modelName);
      const row = loadVersion(tx, model, version);
      const { actingAsAdmin } = assertModelAccess(
        tx,
        actor,
        "versions.write",
        model,
      );
      assertWritable(model, row);
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
      const now = Date.now();
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
    { behavior: "immediate" },
  );
}

/** Soft delete: hidden from the registry, its number never given out again, its aliases removed. */
export function deleteVersion(
  actor: Actor,
  modelName: string,
  version: string | number,
): void {
  assertCan(actor, "versions.write");
  getDb().transaction(
    (tx) => {
      const model = loadModel(tx, modelName);
      const row = loadVersion(tx, model, version);
      const { actingAsAdmin } = assertModelAccess(
        tx,
        actor,
        "versions.write",
        model,
      );
      assertWritable(model, row);
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
      const now = Date.now();
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
    { behavior: "immediate" },
  );
}

export function setVersionTag(
  actor: Actor,
  modelName: string,
  version: string | number,
  key: unknown,
  value: unknown,
): void {
  withWritableVersion(actor, modelName, version, true, (tx, owner) =>
    putTag(tx, actor, owner, key, value),
  );
}

export function deleteVersionTag(
  actor: Actor,
  modelName: string,
  version: string | number,
  key: unknown,
): void {
  withWritableVersion(actor, modelName, version, false, (tx, owner) =>
    removeTag(tx, actor, owner, key),
  );
}

/** A tag change on a version its caller may write: one transaction; a set marks the version updated. */
function withWritableVersion(
  actor: Actor,
  modelName: string,
  version: string | number,
  touches: boolean,
  change: (tx: Tx, owner: TagOwner) => void,
): void {
  assertModelAccessByName(actor, "versions.write", modelName);
  getDb().transaction(
    (tx) => {
      const model = loadModel(tx, modelName);
      const row = loadVersion(tx, model, version);
      const { actingAsAdmin } = assertModelAccess(
        tx,
        actor,
        "versions.write",
        model,
      );
      assertWritable(model, row);
      const touch = (t: Tx) => {
        if (touches)
          t.update(modelVersions)
            .set({ updatedAt: Date.now() })
            .where(eq(modelVersions.id, row.id))
            .run();
      };
      change(tx, {
        kind: "version",
        id: row.id,
        label: `Version ${row.version} of '${model.name}'`,
        actingAsAdmin,
        touch,
      });
    },
    { behavior: "immediate" },
  );
}

/** Version fields that are content (frozen after review), with how errors name them. */
const CONTENT_FIELDS = [
  ["params", "parameters", "params"],
  ["signature", "signature", "signature"],
  ["modelFile", "model file", "model_file"],
] as const;

export function metricsOf(
  tx: Tx | ReturnType<typeof getDb>,
  versionId: number,
): Record<string, number> {
  const rows = tx
    .select()
    .from(versionMetrics)
    .where(eq(versionMetrics.versionId, versionId))
    .all();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

function writeMetrics(
  tx: Tx,
  versionId: number,
  metrics: Record<string, number>,
): void {
  for (const [key, value] of Object.entries(metrics)) {
    tx.insert(versionMetrics)
      .values({ versionId, key, value })
      .onConflictDoUpdate({
        target: [versionMetrics.versionId, versionMetrics.key],
        set: { value },
      })
      .run();
  }
}

function stringifyParams(
  params: Record<string, string | number | boolean>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, String(v)]),
  );
}

function assertReleaseLabelFree(
  tx: Tx,
  modelId: number,
  modelName: string,
  label: string,
): void {
  const taken = tx
    .select({
      version: modelVersions.version,
      deletedAt: modelVersions.deletedAt,
    })
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.modelId, modelId),
        eq(modelVersions.releaseLabel, label),
      ),
    )
    .all()
    .find((r) => r.deletedAt === null);
  if (taken)
    throw new DomainError(
      "conflict",
      `Release label '${label}' is already version ${taken.version} of '${modelName}'`,
      { fields: { release_label: ["Already used"] } },
    );
}
