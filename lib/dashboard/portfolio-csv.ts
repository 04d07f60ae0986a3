// The portfolio as CSV for managers: one row per model.
import "server-only";
import { and, asc, eq, isNull, max } from "drizzle-orm";
import { getDb } from "@/db/client";
import { inValues } from "@/db/prepared";
import {
  modelTags,
  modelVersions,
  registeredModels as m,
  stageChanges,
  user,
  versionMetrics,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { csvCell } from "@/lib/csv";
import { modelScope, type DashboardFilters } from "./filters";
import { productionHealth } from "./health";

export const PORTFOLIO_COLUMNS = [
  "model",
  "status",
  "task",
  "team",
  "owner",
  "production_version",
  "key_metric",
  "key_metric_value",
  "live_health",
  "live_metric",
  "live_value",
  "last_promotion",
  "updated_at",
] as const;

/** One row per model (of the filters): owner, production version with its key metric, live health, last promotion. */
export function portfolioCsv(actor: Actor, f: DashboardFilters): string {
  assertCan(actor, "dashboard.read");
  const db = getDb();
  const models = db
    .select({
      id: m.id,
      name: m.name,
      status: m.status,
      task: m.task,
      keyMetric: m.keyMetric,
      updatedAt: m.updatedAt,
      owner: user.email,
    })
    .from(m)
    .leftJoin(user, eq(user.id, m.ownerId))
    .where(modelScope(db, f))
    .orderBy(asc(m.name))
    .all();
  const ids = models.map((x) => x.id);
  const inIds = (
    col:
      | typeof m.id
      | typeof modelVersions.modelId
      | typeof modelTags.modelId
      | typeof stageChanges.modelId,
  ) => inValues(col, ids);
  const teams = new Map(
    db
      .select({ id: modelTags.modelId, value: modelTags.value })
      .from(modelTags)
      .where(and(eq(modelTags.key, "team"), inIds(modelTags.modelId)))
      .all()
      .map((t) => [t.id, t.value]),
  );
  const prod = db
    .select({
      modelId: modelVersions.modelId,
      versionId: modelVersions.id,
      version: modelVersions.version,
    })
    .from(modelVersions)
    .where(
      and(
        inIds(modelVersions.modelId),
        eq(modelVersions.stage, "production"),
        isNull(modelVersions.deletedAt),
      ),
    )
    .all();
  const prodOf = new Map<number, { versionId: number; version: number }>();
  for (const p of prod)
    if ((prodOf.get(p.modelId)?.version ?? 0) < p.version)
      prodOf.set(p.modelId, p);
  const prodVersionIds = [...prodOf.values()].map((p) => p.versionId);
  const metrics = prodVersionIds.length
    ? db
        .select({
          versionId: versionMetrics.versionId,
          key: versionMetrics.key,
          value: versionMetrics.value,
        })
        .from(versionMetrics)
        .where(inValues(versionMetrics.versionId, prodVersionIds))
        .all()
    : [];
  const lastPromotion = new Map(
    db
      .select({ modelId: stageChanges.modelId, at: max(stageChanges.at) })
      .from(stageChanges)
      .where(
        and(
          inIds(stageChanges.modelId),
          eq(stageChanges.toStage, "production"),
        ),
      )
      .groupBy(stageChanges.modelId)
      .all()
      .map((r) => [r.modelId, r.at]),
  );
  const health = new Map(
    productionHealth(actor, f, Date.now(), Number.MAX_SAFE_INTEGER).items.map(
      (h) => [h.model, h],
    ),
  );
  const lines = [PORTFOLIO_COLUMNS.join(",")];
  for (const x of models) {
    const p = prodOf.get(x.id);
    const keyMetric = x.keyMetric ?? "";
    const value =
      p && keyMetric
        ? metrics.find(
            (r) => r.versionId === p.versionId && r.key === keyMetric,
          )?.value
        : undefined;
    const h = health.get(x.name);
    const promoted = lastPromotion.get(x.id);
    lines.push(
      [
        x.name,
        x.status,
        x.task,
        teams.get(x.id),
        x.owner,
        p?.version,
        keyMetric,
        value,
        h?.health,
        h ? h.live.metric : "",
        h?.live.value ?? "",
        promoted ? new Date(promoted).toISOString() : "",
        new Date(x.updatedAt).toISOString(),
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
