// Model versions: numbered per model (never reused), with lineage, params, metrics, signature and tags.
// Creating one lives here; updating and deleting in ./version-changes.ts, tags in ./version-tags.ts,
// the helpers they share (metrics, params, release labels) in ./version-fields.ts.
import "server-only";
import { inModelWrite } from "./model-write";
import { eq, sql } from "drizzle-orm";
import { preparedQuery } from "@/db/prepared";
import {
  modelVersions,
  registeredModels,
  versionTags,
  type ModelVersionRow,
} from "@/db/schema";
import { emit } from "@/lib/events/dispatch";
import type { Actor } from "@/lib/auth/actor";
import { parseInput, type Input } from "@/lib/errors";
import { manifestDigest } from "./content";
import { signVersionContent } from "@/lib/signing/sign";
import { assertModelAccessByName } from "./model-permissions";
import {
  createVersionSchema,
  type CreateVersionInput,
} from "./registry.validation";
import {
  assertReleaseLabelFree,
  stringifyParams,
  writeMetrics,
} from "./version-fields";
import { now as clockNow } from "@/lib/clock";

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
  return inModelWrite(
    actor,
    "versions.write",
    modelName,
    (tx, model, { actingAsAdmin }) => {
      if (data.release_label)
        assertReleaseLabelFree(tx, model.id, model.name, data.release_label);
      const now = clockNow();
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
  );
}
