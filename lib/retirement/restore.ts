// An admin undoes a retirement before its files are released (the command apart from the
// request flow in retirement.ts: it reverses a retirement instead of creating one).
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { modelVersions, registeredModels, retirements } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError, parseInput, type Input } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { formatDate } from "@/lib/format";
import { liveCoveredVersions, subjectOf } from "./lookups";
import { toDto, type RetirementDto } from "./queries";
import { restoreSchema } from "./retirement.validation";
import { now as clockNow } from "@/lib/clock";

/**
 * An admin undoes a retirement before its files are released: the model is active again and the
 * versions come back as Archived (promote them again through the normal flow). Deployments stay
 * stopped and aliases stay removed; set them up again on purpose.
 */
export function restoreRetirement(
  actor: Actor,
  id: number,
  input: Input<{ reason: string }>,
): RetirementDto {
  assertCan(actor, "transitions.override");
  const data = parseInput(restoreSchema, input);
  return getDb().transaction(
    (tx) => {
      const r = tx
        .select()
        .from(retirements)
        .where(eq(retirements.id, id))
        .get();
      if (!r) throw new DomainError("not_found", `Retirement #${id} not found`);
      if (r.status === "released")
        throw new DomainError(
          "conflict",
          `Retirement #${id} cannot be restored: its artifact files were released on ${formatDate(r.releasedAt ?? 0)}`,
        );
      if (r.status !== "scheduled" && r.status !== "retired")
        throw new DomainError(
          "conflict",
          `Retirement #${id} is ${r.status}; only a scheduled or retired one can be restored`,
        );
      const now = clockNow();
      const subject = subjectOf(tx, r);
      const restored: number[] = [];
      if (r.status === "retired") {
        const versions = liveCoveredVersions(
          tx,
          r,
          eq(modelVersions.stage, "retired"),
        );
        for (const v of versions) {
          tx.update(modelVersions)
            .set({ stage: "archived", stageChangedAt: now, updatedAt: now })
            .where(eq(modelVersions.id, v.id))
            .run();
          restored.push(v.version);
          emit(tx, actor, {
            action: "version.stage_changed",
            entityType: "model_version",
            entityId: v.id,
            before: {
              model: subject.model.name,
              version: v.version,
              stage: "retired",
            },
            after: { stage: "archived", reason: `restored: ${data.reason}` },
          });
        }
      }
      if (r.versionId === null)
        tx.update(registeredModels)
          .set({ status: "active", updatedAt: now })
          .where(eq(registeredModels.id, r.modelId))
          .run();
      tx.update(retirements)
        .set({ status: "restored", restoredAt: now })
        .where(eq(retirements.id, r.id))
        .run();
      emit(tx, actor, {
        action: "retirement.restored",
        entityType: "retirement",
        entityId: r.id,
        before: { status: r.status },
        after: {
          status: "restored",
          model: subject.model.name,
          version: subject.version,
          versions: restored,
          reason: data.reason,
        },
      });
      return toDto(tx, { ...r, status: "restored", restoredAt: now });
    },
    { behavior: "immediate" },
  );
}
