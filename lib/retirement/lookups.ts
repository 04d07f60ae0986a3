// Reads of a retirement's rows that run inside other services' transactions: the retirement a
// request made, what it covers ("cars-mpg v2", and which version rows), its replacement, and the
// scheduled one that deprecates a version. Shared by the retirement steps and jobs, the DTO, the
// request flow and serving.
import "server-only";
import { and, eq, inArray, isNull, ne, or, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  deployments,
  modelAliases,
  modelVersions,
  registeredModels,
  retirements,
  type DeploymentRow,
  type ModelVersionRow,
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
  const version = versionNumberOf(tx, r.versionId);
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
  return {
    model: model.name,
    version: versionNumberOf(tx, r.replacementVersionId),
  };
}

/** The number of the version row `id` (null for none, or a row that is gone). */
function versionNumberOf(tx: Tx, id: number | null): number | null {
  if (id === null) return null;
  return (
    tx
      .select({ version: modelVersions.version })
      .from(modelVersions)
      .where(eq(modelVersions.id, id))
      .get()?.version ?? null
  );
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

/**
 * The live (not deleted) version rows a retirement of this model or version covers, for the
 * sunset, the restore and the impact; `only` narrows them further (the restore: retired ones).
 */
export function liveCoveredVersions(
  db: Db | Tx,
  r: Pick<RetirementRow, "modelId" | "versionId">,
  only?: SQL,
): ModelVersionRow[] {
  return db
    .select()
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.modelId, r.modelId),
        isNull(modelVersions.deletedAt),
        only,
        r.versionId === null ? undefined : eq(modelVersions.id, r.versionId),
      ),
    )
    .all();
}

/** The deployments of these versions that are not stopped: what a sunset stops. */
export function runningDeploymentsOf(
  db: Db | Tx,
  versionIds: number[],
): DeploymentRow[] {
  return deploymentsOfVersions(
    db,
    versionIds,
    ne(deployments.status, "stopped"),
  );
}

/** Every deployment of these versions (those `only` picks): who deployed them, what they serve. */
export function deploymentsOfVersions(
  db: Db | Tx,
  versionIds: number[],
  only?: SQL,
): DeploymentRow[] {
  if (versionIds.length === 0) return [];
  return db
    .select()
    .from(deployments)
    .where(and(inArray(deployments.versionId, versionIds), only))
    .all();
}

/** The model's aliases that point at one of these versions: what a sunset removes. */
export function aliasesOnVersions(
  db: Db | Tx,
  modelId: number,
  versionIds: number[],
) {
  if (versionIds.length === 0) return [];
  return db
    .select()
    .from(modelAliases)
    .where(
      and(
        eq(modelAliases.modelId, modelId),
        inArray(modelAliases.versionId, versionIds),
      ),
    )
    .all();
}
