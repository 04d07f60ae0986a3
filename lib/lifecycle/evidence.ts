// What a reviewer approves: the version's artifacts and metrics at that moment, as one hash.
import "server-only";
import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { artifacts, versionMetrics } from "@/db/schema";

export function evidenceHash(db: Db | Tx, versionId: number): string {
  const files = db.select({ path: artifacts.path, sha256: artifacts.sha256 }).from(artifacts).where(eq(artifacts.versionId, versionId)).orderBy(asc(artifacts.path)).all();
  const metrics = db.select({ key: versionMetrics.key, value: versionMetrics.value }).from(versionMetrics).where(eq(versionMetrics.versionId, versionId)).orderBy(asc(versionMetrics.key)).all();
  return createHash("sha256")
    .update(JSON.stringify({ files: files.map((f) => [f.path, f.sha256]), metrics: metrics.map((m) => [m.key, m.value]) }))
    .digest("hex");
}
