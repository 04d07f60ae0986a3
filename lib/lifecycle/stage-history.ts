// The stage-change timeline of a model: what was where, and when. Every stage move writes its entry
// here (moveStage), in the transaction that makes the move.
import "server-only";
import { and, asc, eq, or, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  modelVersions,
  stageChanges,
  user,
  type ModelVersionRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { loadModel, loadVersion } from "@/lib/registry/load";
import { moveToStage } from "@/lib/registry/stage-change";

export type StageChangeDto = {
  version: number;
  from_stage: string;
  to_stage: string;
  at: number;
  actor: string | null;
  override: boolean;
  reason: string | null;
  request_id: number | null;
};

/** Moves a version to stage `to` at `at` and enters the move in the model's timeline. */
export function moveStage(
  tx: Tx,
  actor: Actor,
  version: ModelVersionRow,
  to: ModelVersionRow["stage"],
  why: { requestId: number; override: boolean; reason: string | null },
  at: number,
): void {
  moveToStage(tx, {
    modelId: version.modelId,
    versionId: version.id,
    fromStage: version.stage,
    toStage: to,
    actorId: actor.id,
    at,
    ...why,
  });
}

/** The model's stage changes, oldest first: the timeline of what was where, and when. */
export function stageHistory(
  actor: Actor,
  modelName: string,
  version?: string,
): StageChangeDto[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const model = loadModel(db, modelName);
  const versionId =
    version === undefined ? null : loadVersion(db, model, version).id;
  return stageChangesOf(db).all({ modelId: model.id, versionId });
}

const stageChangesOf = preparedQuery((db) =>
  db
    .select({
      version: modelVersions.version,
      from_stage: stageChanges.fromStage,
      to_stage: stageChanges.toStage,
      at: stageChanges.at,
      actor: user.name,
      override: stageChanges.override,
      reason: stageChanges.reason,
      request_id: stageChanges.requestId,
    })
    .from(stageChanges)
    .innerJoin(modelVersions, eq(modelVersions.id, stageChanges.versionId))
    .leftJoin(user, eq(user.id, stageChanges.actorId))
    .where(
      and(
        eq(stageChanges.modelId, sql.placeholder("modelId")),
        or(
          sql`${sql.placeholder("versionId")} is null`,
          eq(stageChanges.versionId, sql.placeholder("versionId")),
        ),
      ),
    )
    .orderBy(asc(stageChanges.at), asc(stageChanges.id))
    .prepare(),
);

/** Which versions were in production at `at` (ms): replays the stage changes up to that moment. */
export function productionAt(history: StageChangeDto[], at: number): number[] {
  const live = new Set<number>();
  for (const c of history) {
    if (c.at > at) break;
    if (c.to_stage === "production") live.add(c.version);
    else if (c.from_stage === "production") live.delete(c.version);
  }
  return [...live].sort((a, b) => a - b);
}
