// A model's versions in production: the filter every read of them uses, the newest one beside a
// given version (what a promotion's gates and a reviewer compare against), and the one that was in
// production before the current one (what a rollback puts back).
import "server-only";
import { and, desc, eq, isNull, ne, sql, type SQLWrapper } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  modelVersions,
  stageChanges,
  type ModelVersionRow,
  type RegisteredModelRow,
} from "@/db/schema";

/** The model's versions in production now (deleted ones aside), but for `except` when given. */
export function inProduction(modelId: number | SQLWrapper, except?: number) {
  return and(
    eq(modelVersions.modelId, modelId),
    eq(modelVersions.stage, "production"),
    isNull(modelVersions.deletedAt),
    except === undefined ? undefined : ne(modelVersions.id, except),
  );
}

/** The highest-numbered version in production other than `except`. */
export function newestInProduction(
  db: Db | Tx,
  modelId: number,
  except?: number,
): ModelVersionRow | undefined {
  return db
    .select()
    .from(modelVersions)
    .where(inProduction(modelId, except))
    .orderBy(desc(modelVersions.version))
    .get();
}

const productionVersionIds = preparedQuery((db) =>
  db
    .select({ id: modelVersions.id })
    .from(modelVersions)
    .where(inProduction(sql.placeholder("modelId")))
    .prepare(),
);
const promotionsNewestFirst = preparedQuery((db) =>
  db
    .select({ versionId: stageChanges.versionId })
    .from(stageChanges)
    .where(
      and(
        eq(stageChanges.modelId, sql.placeholder("modelId")),
        eq(stageChanges.toStage, "production"),
      ),
    )
    .orderBy(desc(stageChanges.at), desc(stageChanges.id))
    .prepare(),
);

/** The most recent version, other than the current production one, that was ever in production. */
export function previousProduction(
  db: Db | Tx,
  model: RegisteredModelRow,
): ModelVersionRow | null {
  const current = productionVersionIds(db)
    .all({ modelId: model.id })
    .map((r) => r.id);
  const past = promotionsNewestFirst(db).all({ modelId: model.id });
  for (const p of past) {
    if (current.includes(p.versionId)) continue;
    const v = db
      .select()
      .from(modelVersions)
      .where(
        and(eq(modelVersions.id, p.versionId), isNull(modelVersions.deletedAt)),
      )
      .get();
    if (v && v.stage !== "retired") return v;
  }
  return null;
}
