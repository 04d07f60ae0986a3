// Artifacts: files of a version, referenced by (version, path) and stored once by SHA-256.
import "server-only";
import path from "node:path";
import type { Readable } from "node:stream";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { artifacts, blobs, modelVersions, type ArtifactRow } from "@/db/schema";
import { emit } from "@/lib/events/dispatch";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { blobStore } from "@/lib/blobs/blob-store";
import { maxArtifactBytes } from "@/lib/config";
import { DomainError, parseInput } from "@/lib/errors";
import { manifestDigest, manifestOf } from "./content";
import { versionForContentChange } from "./immutability";
import { signVersionContent } from "@/lib/signing/sign";
import { verifyVersionForServing } from "@/lib/signing/verify";
import { loadModel, loadVersion } from "./load";
import { artifactPathSchema } from "./registry.validation";
import { scanUpload } from "./scan";
import { now as clockNow } from "@/lib/clock";

export type ArtifactDto = {
  path: string;
  size: number;
  sha256: string;
  content_type: string;
  created_at: number;
};

export type UploadOptions = {
  expectedSha256?: string | null;
  contentLength?: number | null;
};

export async function putArtifact(
  actor: Actor,
  modelName: string,
  version: string,
  rawPath: unknown,
  body: Readable,
  opts: UploadOptions = {},
): Promise<ArtifactDto> {
  assertCan(actor, "versions.write");
  const artifactPath = parseInput(artifactPathSchema, rawPath, "path");
  const expected = opts.expectedSha256?.toLowerCase() ?? null;
  if (expected !== null && !/^[0-9a-f]{64}$/.test(expected)) {
    throw new DomainError(
      "invalid",
      "The expected SHA-256 must be 64 hexadecimal characters",
      { fields: { sha256: ["Not a SHA-256 hex digest"] } },
    );
  }
  const limit = maxArtifactBytes();
  if (opts.contentLength && opts.contentLength > limit) {
    throw new DomainError(
      "too_large",
      `The file is ${opts.contentLength} bytes, over the limit of ${limit} bytes`,
      { fields: { body: ["Too large"] }, limit },
    );
  }
  // Check the target exists and is writable before reading a possibly huge body.
  const db = getDb();
  versionForContentChange(db, actor, modelName, version, "artifacts", "path");

  const staged = await blobStore().stage(body, limit);
  let scan: Awaited<ReturnType<typeof scanUpload>>;
  try {
    if (expected !== null && staged.sha256 !== expected) {
      throw new DomainError(
        "invalid",
        `SHA-256 mismatch: the upload hashes to ${staged.sha256}, not ${expected}; nothing was stored`,
        { fields: { sha256: ["Mismatch"] } },
      );
    }
    // Model files are untrusted: checked before they are stored (a refused file leaves nothing).
    scan = await scanUpload(artifactPath, staged.file);
  } catch (error) {
    await staged.discard();
    throw error;
  }
  await staged.commit();
  // The type comes from the file name, never from the client, so no upload can be served as HTML.
  const contentType = guessType(artifactPath);
  const scanJson = scan ? JSON.stringify(scan) : null;
  return db.transaction(
    (tx) => {
      // Checked again: a request may have been opened while the body streamed in.
      const { version: v, actingAsAdmin } = versionForContentChange(
        tx,
        actor,
        modelName,
        version,
        "artifacts",
        "path",
      );
      const now = clockNow();
      tx.insert(blobs)
        .values({ sha256: staged.sha256, size: staged.size, createdAt: now })
        .onConflictDoUpdate({ target: blobs.sha256, set: { releasedAt: null } })
        .run();
      const before = tx
        .select()
        .from(artifacts)
        .where(
          and(eq(artifacts.versionId, v.id), eq(artifacts.path, artifactPath)),
        )
        .get();
      const row = tx
        .insert(artifacts)
        .values({
          versionId: v.id,
          path: artifactPath,
          sha256: staged.sha256,
          size: staged.size,
          contentType,
          createdBy: actor.id === "system" ? null : actor.id,
          createdAt: now,
          scan: scanJson,
        })
        .onConflictDoUpdate({
          target: [artifacts.versionId, artifacts.path],
          set: {
            sha256: staged.sha256,
            size: staged.size,
            contentType,
            createdAt: now,
            scan: scanJson,
          },
        })
        .returning()
        .get();
      // The served file is named once: the first ONNX file uploaded, unless registration named one.
      const modelFile =
        v.modelFile ??
        (artifactPath.toLowerCase().endsWith(".onnx") ? artifactPath : null);
      const contentDigest = manifestDigest(manifestOf(tx, v.id));
      tx.update(modelVersions)
        .set({ updatedAt: now, modelFile, contentDigest })
        .where(eq(modelVersions.id, v.id))
        .run();
      signVersionContent(tx, v.id, actor);
      emit(tx, actor, {
        action: "artifact.uploaded",
        entityType: "model_version",
        entityId: v.id,
        before: before
          ? { path: before.path, sha256: before.sha256, size: before.size }
          : null,
        after: {
          path: row.path,
          sha256: row.sha256,
          size: row.size,
          content_digest: contentDigest,
          ...(scan?.status === "unsafe" ? { unsafe: scan.findings } : {}),
        },
        actingAsAdmin,
      });
      return toDto(row);
    },
    { behavior: "immediate" },
  );
}

export function listArtifacts(
  actor: Actor,
  modelName: string,
  version: string,
): ArtifactDto[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  return db
    .select()
    .from(artifacts)
    .where(eq(artifacts.versionId, v.id))
    .orderBy(asc(artifacts.path))
    .all()
    .map(toDto);
}

export function openArtifact(
  actor: Actor,
  modelName: string,
  version: string,
  rawPath: unknown,
): { artifact: ArtifactDto; stream: Readable } {
  assertCan(actor, "models.read");
  const artifactPath = parseInput(artifactPathSchema, rawPath, "path");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  const row = db
    .select()
    .from(artifacts)
    .where(and(eq(artifacts.versionId, v.id), eq(artifacts.path, artifactPath)))
    .get();
  if (!row)
    throw new DomainError(
      "not_found",
      `Version ${v.version} of '${modelName}' has no artifact '${artifactPath}'`,
    );
  const released = db
    .select({ at: blobs.releasedAt })
    .from(blobs)
    .where(eq(blobs.sha256, row.sha256))
    .get()?.at;
  if (released)
    throw new DomainError(
      "gone",
      `The file of '${artifactPath}' was released on ${new Date(released).toISOString().slice(0, 10)}, after the retention period of the retired version; its metadata stays`,
    );
  const signed = verifyVersionForServing(db, v.id);
  if (!signed.ok)
    throw new DomainError(
      "conflict",
      `Refusing to download '${artifactPath}': version ${v.version} of '${modelName}' fails its signature check, ${signed.reason}. The admins have been alerted.`,
    );
  return {
    artifact: toDto(row),
    stream: blobStore().open(row.sha256, row.size),
  };
}

function toDto(row: ArtifactRow): ArtifactDto {
  return {
    path: row.path,
    size: row.size,
    sha256: row.sha256,
    content_type: row.contentType,
    created_at: row.createdAt,
  };
}

const TYPES: Record<string, string> = {
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".yaml": "application/yaml",
  ".yml": "application/yaml",
  ".onnx": "application/octet-stream",
  ".pkl": "application/octet-stream",
};

function guessType(p: string): string {
  return TYPES[path.extname(p).toLowerCase()] ?? "application/octet-stream";
}
