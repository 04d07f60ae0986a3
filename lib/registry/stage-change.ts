// A version's move to another stage together with its row in stage_changes, the history that
// says what was in a stage on a given day. The retirement's sunset writes through it, and so does
// every applied request (moveStage in lib/lifecycle/stage-history.ts).
import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { modelVersions, stageChanges } from "@/db/schema";

/** Moves the version to `change.toStage` at `change.at` and records the change. */
export function moveToStage(
  tx: Tx,
  change: Omit<typeof stageChanges.$inferInsert, "id">,
): void {
  tx.update(modelVersions)
    .set({
      stage: change.toStage,
      stageChangedAt: change.at,
      updatedAt: change.at,
    })
    .where(eq(modelVersions.id, change.versionId))
    .run();
  tx.insert(stageChanges).values(change).run();
}
