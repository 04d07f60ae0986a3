// A version's content as one digest: the manifest of its files (path, SHA-256, size) hashed once, as
// the OpenSSF model signing format's subject digest. Approvals bind to it, Stageline's signature
// (lib/signing) covers it and serving checks it before loading, so the three are one number.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { eq, isNull, sql } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { artifacts, modelVersions } from "@/db/schema";
import { dataDir } from "@/lib/config";
import { canonicalOrder, subjectDigest } from "@/lib/signing/bundle";

export type ManifestEntry = { path: string; sha256: string; size: number };

// Read at every registration, upload, signature check and served route: prepared once per connection.
const filesOfVersion = preparedQuery((db) =>
  db
    .select({
      path: artifacts.path,
      sha256: artifacts.sha256,
      size: artifacts.size,
    })
    .from(artifacts)
    .where(eq(artifacts.versionId, sql.placeholder("versionId")))
    .prepare(),
);

/** The version's files in model_signing's canonical path order (component by component). */
export function manifestOf(db: Db | Tx, versionId: number): ManifestEntry[] {
  const rows = filesOfVersion(db).all({ versionId });
  return canonicalOrder(
    rows.map((r) => ({ ...r, name: r.path, digest: r.sha256 })),
  ).map(({ path, sha256, size }) => ({
    path,
    sha256,
    size,
  }));
}

/**
 * The model_signing v1 subject digest of the manifest: SHA-256 over the concatenated raw 32-byte
 * SHA-256s of the files, in canonical path order (see lib/signing/bundle.ts). Sizes are not hashed:
 * each file's SHA-256 already fixes its bytes. A version with no files has the SHA-256 of nothing.
 * `model_signing verify` recomputes this same digest from a downloaded version's signature.
 */
export function manifestDigest(entries: readonly ManifestEntry[]): string {
  return subjectDigest(
    canonicalOrder(entries.map((e) => ({ name: e.path, digest: e.sha256 }))),
  );
}

/**
 * Versions registered before content digests existed (migration 0014) get theirs once per data
 * folder, from their files as they are at that first start; a marker file keeps a digest that is
 * cleared later from being blessed again (serving refuses a version without one).
 */
export function backfillContentDigests(): number {
  const marker = path.join(dataDir(), "content-digests-backfilled");
  if (fs.existsSync(marker)) return 0;
  const db = getDb();
  const missing = db
    .select({ id: modelVersions.id })
    .from(modelVersions)
    .where(isNull(modelVersions.contentDigest))
    .all();
  db.transaction(
    (tx) => {
      for (const { id } of missing)
        tx.update(modelVersions)
          .set({ contentDigest: manifestDigest(manifestOf(tx, id)) })
          .where(eq(modelVersions.id, id))
          .run();
    },
    { behavior: "immediate" },
  );
  fs.writeFileSync(marker, `${new Date().toISOString()}\n`, { mode: 0o600 });
  return missing.length;
}
