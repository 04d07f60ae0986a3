// A version's content as one digest: the manifest of its files (path, SHA-256, size, sorted by
// path) hashed once. Approvals bind to it, signatures cover it and serving checks it before loading.
import "server-only";
import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { artifacts } from "@/db/schema";

export type ManifestEntry = { path: string; sha256: string; size: number };

/** The version's files in path order, as the manifest lists them. */
export function manifestOf(db: Db | Tx, versionId: number): ManifestEntry[] {
  return db
    .select({ path: artifacts.path, sha256: artifacts.sha256, size: artifacts.size })
    .from(artifacts)
    .where(eq(artifacts.versionId, versionId))
    .orderBy(asc(artifacts.path))
    .all();
}

/**
 * SHA-256 over the manifest: each file's path and digest, in byte order of the paths. A version
 * with no files has the digest of the empty manifest.
 */
export function manifestDigest(entries: readonly ManifestEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hash = createHash("sha256");
  for (const e of sorted) hash.update(`${e.path}\u0000${e.sha256}\n`);
  return hash.digest("hex");
}
