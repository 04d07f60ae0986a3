// Which model or version a new retirement covers, and what replaces it: the checks that
// requestRetirement and retireNow share, run inside their transactions.
import "server-only";
import { and, eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  modelVersions,
  registeredModels,
  retirements,
  type RegisteredModelRow,
  type RetirementRow,
} from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { assertWritable, loadModel, loadVersion } from "@/lib/registry/load";

/** A requested or scheduled retirement of exactly this model (version null) or version. */
export function pendingOfScope(
  tx: Tx,
  modelName: string,
  version: string | number | null,
): RetirementRow | undefined {
  const model = loadModel(tx, modelName);
  const versionId =
    version === null ? null : loadVersion(tx, model, version).id;
  return pendingOf(
    tx,
    model.id,
    versionId === null
      ? isNull(retirements.versionId)
      : eq(retirements.versionId, versionId),
  ).get();
}

/** The model and version a retirement covers, checked: not retired, not already being retired. */
export function scopeOf(
  tx: Tx,
  modelName: string,
  version: string | number | null,
): {
  model: RegisteredModelRow;
  versionId: number | null;
  fromStage: "none" | "staging" | "production" | "archived" | "retired";
} {
  const model = loadModel(tx, modelName);
  const v = version === null ? null : loadVersion(tx, model, version);
  assertWritable(model, v ?? undefined);
  const pending = pendingOf(
    tx,
    model.id,
    v === null
      ? undefined
      : or(isNull(retirements.versionId), eq(retirements.versionId, v.id)),
  )
    .all()
    .find((r) => v !== null || r.versionId === null);
  if (pending) {
    const what =
      pending.versionId === null
        ? `'${model.name}' (all versions)`
        : `v${v?.version}`;
    throw new DomainError(
      "conflict",
      `A retirement of ${what} is already ${pending.status} (#${pending.id}, sunset ${formatDate(pending.sunsetAt)})`,
      { retirement_id: pending.id },
    );
  }
  return { model, versionId: v?.id ?? null, fromStage: v?.stage ?? "none" };
}

export function resolveReplacement(
  tx: Tx,
  model: RegisteredModelRow,
  versionId: number | null,
  data: { replacement_model?: string; replacement_version?: number },
): { modelId: number; versionId: number | null } | null {
  if (
    data.replacement_model === undefined &&
    data.replacement_version === undefined
  )
    return null;
  const target =
    data.replacement_model === undefined
      ? model
      : loadReplacementModel(tx, data.replacement_model);
  if (versionId === null && target.id === model.id)
    throw new DomainError(
      "invalid",
      "A whole model cannot be replaced by one of its own versions",
      { fields: { replacement_model: ["Name another model"] } },
    );
  if (target.status === "retired")
    throw new DomainError(
      "invalid",
      `The replacement '${target.name}' is retired`,
      { fields: { replacement_model: ["Retired"] } },
    );
  if (data.replacement_version === undefined)
    return { modelId: target.id, versionId: null };
  const v = tx
    .select()
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.modelId, target.id),
        eq(modelVersions.version, data.replacement_version),
        isNull(modelVersions.deletedAt),
      ),
    )
    .get();
  if (!v)
    throw new DomainError(
      "invalid",
      `The replacement '${target.name}' has no version ${data.replacement_version}`,
      { fields: { replacement_version: ["No such version"] } },
    );
  if (v.id === versionId)
    throw new DomainError("invalid", "A version cannot replace itself", {
      fields: { replacement_version: ["Name another version"] },
    });
  if (v.stage === "retired")
    throw new DomainError(
      "invalid",
      `The replacement v${v.version} is retired`,
      { fields: { replacement_version: ["Retired"] } },
    );
  return { modelId: target.id, versionId: v.id };
}

/** The model's retirements still requested or scheduled, of the versions `covering` picks. */
function pendingOf(tx: Tx, modelId: number, covering: SQL | undefined) {
  return tx
    .select()
    .from(retirements)
    .where(
      and(
        eq(retirements.modelId, modelId),
        inArray(retirements.status, ["requested", "scheduled"]),
        covering,
      ),
    );
}

function loadReplacementModel(tx: Tx, name: string): RegisteredModelRow {
  const m = tx
    .select()
    .from(registeredModels)
    .where(
      and(eq(registeredModels.name, name), isNull(registeredModels.deletedAt)),
    )
    .get();
  if (!m)
    throw new DomainError(
      "invalid",
      `The replacement model '${name}' does not exist`,
      { fields: { replacement_model: ["No such model"] } },
    );
  return m;
}
