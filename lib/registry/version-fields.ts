// What creating and updating a version share: its metrics rows, its params as strings, and the
// rule that a release label names one live version of a model.
import "server-only";
import { and, eq } from "drizzle-orm";
import { type getDb, type Tx } from "@/db/client";
import { modelVersions, versionMetrics } from "@/db/schema";
import { DomainError } from "@/lib/errors";

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

export function writeMetrics(
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

export function stringifyParams(
  params: Record<string, string | number | boolean>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, String(v)]),
  );
}

export function assertReleaseLabelFree(
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
