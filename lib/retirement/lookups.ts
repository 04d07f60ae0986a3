// Reads of a retirement's rows that run inside other services' transactions: the retirement a
// request made, what it covers ("cars-mpg v2", and which version rows), its replacement, and the
// scheduled one that deprecates a version. Shared by the retirement steps and jobs, the DTO, the
// request flow and serving.
import "server-only";
import { and, eq, isNull, or } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  modelVersions,
  registeredModels,
  retirements,
  type RegisteredModelRow,
  type RetirementRow,
} from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { modelHref, versionHref } from "@/lib/registry/paths";

export function retirementOfRequest(tx: Tx, requestId: number): RetirementRow {
  const row = tx
    .select()
    .from(retirements)
    .where(eq(retirements.requestId, requestId))
    .get();
  if (!row)
    throw new DomainError(
      "not_found",
      `Request #${requestId} has no retirement record`,
    );
  return row;
}

/** "cars-mpg v2" or "cars-mpg (all versions)". */
export function subjectOf(
  tx: Tx,
  r: { modelId: number; versionId: number | null },
): {
  model: RegisteredModelRow;
  version: number | null;
  label: string;
  href: string;
} {
  const model = tx
    .select()
    .from(registeredModels)
    .where(eq(registeredModels.id, r.modelId))
    .get();
  if (!model)
    throw new DomainError("not_found", `Model #${r.modelId} not found`);
  const version =
    r.versionId === null
      ? null
      : (tx
          .select({ version: modelVersions.version })
          .from(modelVersions)
          .where(eq(modelVersions.id, r.versionId))
          .get()?.version ?? null);
  return {
    model,
    version,
    label:
      version === null
        ? `${model.name} (all versions)`
        : `${model.name} v${version}`,
    href:
      version === null
        ? modelHref(model.name)
        : versionHref(model.name, version),
  };
}

export function replacementOf(
  tx: Tx,
  r: Pick<RetirementRow, "replacementModelId" | "replacementVersionId">,
): { model: string; version: number | null } | null {
  if (r.replacementModelId === null) return null;
  const model = tx
    .select({ name: registeredModels.name })
    .from(registeredModels)
    .where(eq(registeredModels.id, r.replacementModelId))
    .get();
  if (!model) return null;
  const version =
    r.replacementVersionId === null
      ? null
      : (tx
          .select({ version: modelVersions.version })
          .from(modelVersions)
          .where(eq(modelVersions.id, r.replacementVersionId))
          .get()?.version ?? null);
  return { model: model.name, version };
}

/** The scheduled (deprecating) retirement covering a version, if any: its own, or its model's. */
export function scheduledRetirementOf(
  tx: Tx,
  modelId: number,
  versionId: number | null,
): RetirementRow | null {
  return (
    tx
      .select()
      .from(retirements)
      .where(
        and(
          eq(retirements.modelId, modelId),
          eq(retirements.status, "scheduled"),
          versionId === null
            ? isNull(retirements.versionId)
            : or(
                isNull(retirements.versionId),
                eq(retirements.versionId, versionId),
              ),
        ),
      )
      .get() ?? null
  );
}

/** The versions a retirement covers: its own, or every version of its model (deleted ones too). */
export function coveredVersionIds(
  db: Db | Tx,
  r: Pick<RetirementRow, "modelId" | "versionId">,
): number[] {
  if (r.versionId !== null) return [r.versionId];
  return db
    .select({ id: modelVersions.id })
    .from(modelVersions)
    .where(eq(modelVersions.modelId, r.modelId))
    .all()
    .map((v) => v.id);
}
