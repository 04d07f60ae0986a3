// Loading registry rows by their public keys (model name, version number), with 404s that say what is missing.
import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { modelVersions, registeredModels, type ModelVersionRow, type RegisteredModelRow } from "@/db/schema";
import { DomainError } from "@/lib/errors";

export function loadModel(db: Db | Tx, name: string): RegisteredModelRow {
  const row = db
    .select()
    .from(registeredModels)
    .where(and(eq(registeredModels.name, name), isNull(registeredModels.deletedAt)))
    .get();
  if (!row) throw new DomainError("not_found", `Model '${name}' not found`);
  return row;
}

export function parseVersionNumber(value: string | number): number {
  const n = typeof value === "number" ? value : /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new DomainError("invalid", `Version must be a positive whole number, got '${value}'`, { fields: { version: ["Not a version number"] } });
  return n;
}

export function loadVersion(db: Db | Tx, model: RegisteredModelRow, version: string | number): ModelVersionRow {
  const n = parseVersionNumber(version);
  const row = db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, n), isNull(modelVersions.deletedAt)))
    .get();
  if (!row) throw new DomainError("not_found", `Version ${n} of model '${model.name}' not found`);
  return row;
}

/** Retired models and versions are read-only everywhere. */
export function assertWritable(model: RegisteredModelRow, version?: ModelVersionRow): void {
  if (model.status === "retired") throw new DomainError("conflict", `Model '${model.name}' is retired and read-only`);
  if (version?.stage === "retired") throw new DomainError("conflict", `Version ${version.version} of '${model.name}' is retired and read-only`);
}
