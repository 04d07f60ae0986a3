// What a reviewer approves: the version's content digest (its manifest of file digests, the digest
// that is signed and that serving checks) and its metrics at that moment, as one hash.
import "server-only";
import { createHash } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { versionMetrics } from "@/db/schema";
import { manifestDigest, manifestOf } from "@/lib/registry/content";

const metricsByKey = preparedQuery((db) =>
  db
    .select({ key: versionMetrics.key, value: versionMetrics.value })
    .from(versionMetrics)
    .where(eq(versionMetrics.versionId, sql.placeholder("versionId")))
    .orderBy(asc(versionMetrics.key))
    .prepare(),
);

export function evidenceHash(db: Db | Tx, versionId: number): string {
  const metrics = metricsByKey(db).all({ versionId });
  return createHash("sha256")
    .update(
      JSON.stringify({
        content_digest: manifestDigest(manifestOf(db, versionId)),
        metrics: metrics.map((m) => [m.key, m.value]),
      }),
    )
    .digest("hex");
}
