// Loading registry rows by their public keys (model name, version number), with 404s that say what is missing.
import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  modelVersions,
  registeredModels,
  type ModelVersionRow,
  type RegisteredModelRow,
} from "@/db/schema";
import { DomainError } from "@/lib/errors";

const modelByName = preparedQuery((db) =>
  db
    .select()
    .from(registeredModels)
    .where(
      and(
        eq(registeredModels.name, sql.placeholder("name")),
        isNull(registeredModels.deletedAt),
      ),
    )
    .prepare(),
);

const versionByNumber = preparedQuery((db) =>
  db
    .select()
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.modelId, sql.placeholder("modelId")),
        eq(modelVersions.version, sql.placeholder("version")),
        isNull(modelVersions.deletedAt),
      ),
    )
    .prepare(),
);

export function loadModel(db: Db | Tx, name: string): RegisteredModelRow {
  const row = modelByName(db).get({ name });
  if (!row) throw new DomainError("not_found", `Model '${name}' not found`);
  return row;
}

export function parseVersionNumber(value: string | number): number {
  const n =
    typeof value === "number"
      ? value
      : /^\d{1,9}$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isInteger(n) || n < 1)
    throw new DomainError(
      "invalid",
      `Version must be a positive whole number, got '${value}'`,
      { fields: { version: ["Not a version number"] } },
    );
  return n;
}

export function loadVersion(
  db: Db | Tx,
  model: RegisteredModelRow,
  version: string | number,
): ModelVersionRow {
  const n = parseVersionNumber(version);
  const row = versionByNumber(db).get({ modelId: model.id, version: n });
  if (!row)
    throw new DomainError(
      "not_found",
      `Version ${n} of model '${model.name}' not found`,
    );
  return row;
}

/** Retired models and versions are read-only everywhere. */
export function assertWritable(
  model: RegisteredModelRow,
  version?: ModelVersionRow,
): void {
  if (model.status === "retired")
    throw new DomainError(
      "conflict",
      `Model '${model.name}' is retired and read-only`,
    );
  if (version?.stage === "retired")
    throw new DomainError(
      "conflict",
      `Version ${version.version} of '${model.name}' is retired and read-only`,
    );
}
