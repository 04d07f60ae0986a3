// Stageline signs each version's content (its manifest of files) whenever that content is written:
// at registration and at each artifact upload, inside the same transaction, so no committed content
// is ever left without a signature over exactly it.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { and, eq, isNull, ne, notExists, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  modelVersions,
  registeredModels,
  versionSignatures,
} from "@/db/schema";
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/actor";
import { dataDir } from "@/lib/config";
import { emit } from "@/lib/events/dispatch";
import { manifestDigest, manifestOf } from "@/lib/registry/content";
import { buildBundle } from "./bundle";
import { stagelineKey } from "./keys";

// Read each time a version's content is written (every registration): prepared once per
// connection (db/prepared.ts), in transactions too.
const versionName = preparedQuery((db) =>
  db
    .select({ version: modelVersions.version, model: registeredModels.name })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(eq(modelVersions.id, sql.placeholder("versionId")))
    .prepare(),
);
const stagelineSignature = preparedQuery((db) =>
  db
    .select()
    .from(versionSignatures)
    .where(
      and(
        eq(versionSignatures.versionId, sql.placeholder("versionId")),
        eq(versionSignatures.kind, "stageline"),
      ),
    )
    .prepare(),
);

const upsertStagelineSignature = preparedQuery((db) =>
  db
    .insert(versionSignatures)
    .values({
      versionId: sql.placeholder("versionId"),
      kind: "stageline",
      bundle: sql.placeholder("bundle"),
      contentDigest: sql.placeholder("contentDigest"),
      keyFingerprint: sql.placeholder("keyFingerprint"),
      signingKeyId: null,
      createdBy: sql.placeholder("createdBy"),
      createdAt: sql.placeholder("createdAt"),
    })
    .onConflictDoUpdate({
      target: [versionSignatures.versionId, versionSignatures.kind],
      set: {
        bundle: sql`excluded.bundle`,
        contentDigest: sql`excluded.content_digest`,
        keyFingerprint: sql`excluded.key_fingerprint`,
        createdBy: sql`excluded.created_by`,
        createdAt: sql`excluded.created_at`,
      },
    })
    .prepare(),
);
/** A team's uploaded bundle over other content no longer describes the version. */
const dropStaleUploadedSignatures = preparedQuery((db) =>
  db
    .delete(versionSignatures)
    .where(
      and(
        eq(versionSignatures.versionId, sql.placeholder("versionId")),
        eq(versionSignatures.kind, "uploaded"),
        ne(versionSignatures.contentDigest, sql.placeholder("digest")),
      ),
    )
    .prepare(),
);

/**
 * Signs the version's current manifest with Stageline's key and stores the bundle (kind
 * "stageline"). Synchronous: called inside the better-sqlite3 transaction that changed the content.
 * A team's uploaded bundle over other content is dropped: it no longer describes this version.
 */
export function signVersionContent(
  tx: Tx,
  versionId: number,
  actor?: Actor,
): void {
  const v = versionName(tx).get({ versionId });
  if (!v)
    throw new Error(`signVersionContent: no version with id ${versionId}`);
  const manifest = manifestOf(tx, versionId);
  const digest = manifestDigest(manifest);
  const key = stagelineKey();
  const current = stagelineSignature(tx).get({ versionId });
  if (
    current?.contentDigest === digest &&
    current.keyFingerprint === key.fingerprint
  )
    return;
  const bundle = buildBundle(
    subjectName(v.model, v.version),
    manifest.map((e) => ({ name: e.path, digest: e.sha256 })),
    key.privateKey,
  );
  const by = actor && actor.id !== "system" ? actor.id : null;
  const now = Date.now();
  upsertStagelineSignature(tx).run({
    versionId,
    bundle,
    contentDigest: digest,
    keyFingerprint: key.fingerprint,
    createdBy: by,
    createdAt: now,
  });
  dropStaleUploadedSignatures(tx).run({ versionId, digest });
}

/** The subject name in the statement: informative only (verifiers ignore it), an MLflow model URI. */
export function subjectName(model: string, version: number): string {
  return `models:/${model}/${version}`;
}

/**
 * Signs the versions that predate signing, once per data folder: the first start after upgrading.
 * A marker file beside the database (where a database rewrite cannot reach) keeps it from ever
 * running again, so a signature later removed from the database is a finding, never re-blessed.
 */
export function signUnsignedVersions(): number {
  // Loaded at start, so a bad STAGELINE_SIGNING_KEY stops the server with its message instead of
  // failing every version registration later.
  stagelineKey();
  const marker = path.join(dataDir(), "signing-backfilled");
  if (fs.existsSync(marker)) return 0;
  const db = getDb();
  const unsigned = db
    .select({ id: modelVersions.id })
    .from(modelVersions)
    .where(
      and(
        isNull(modelVersions.deletedAt),
        notExists(
          db
            .select({ id: versionSignatures.id })
            .from(versionSignatures)
            .where(
              and(
                eq(versionSignatures.versionId, modelVersions.id),
                eq(versionSignatures.kind, "stageline"),
              ),
            ),
        ),
      ),
    )
    .all();
  for (const { id } of unsigned) {
    db.transaction(
      (tx) => {
        // Another worker process starting at the same time may have signed it already.
        if (
          tx
            .select({ id: versionSignatures.id })
            .from(versionSignatures)
            .where(
              and(
                eq(versionSignatures.versionId, id),
                eq(versionSignatures.kind, "stageline"),
              ),
            )
            .get()
        )
          return;
        signVersionContent(tx, id, SYSTEM_ACTOR);
        emit(tx, SYSTEM_ACTOR, {
          action: "version.signed",
          entityType: "model_version",
          entityId: id,
          after: {
            reason: "signed on upgrade: the version predates signing",
            content_digest: manifestDigest(manifestOf(tx, id)),
          },
        });
      },
      { behavior: "immediate" },
    );
  }
  fs.writeFileSync(marker, `${new Date().toISOString()} ${unsigned.length}\n`, {
    mode: 0o600,
  });
  return unsigned.length;
}
