// What the MLflow handlers share: a model or version looked up by its MLflow parameters with
// MLflow's not-found errors, the services' conflicts as MLflow answers them, MLflow's stage names
// and tag parameters, and the entity answers.
import "server-only";
import { getDb } from "@/db/client";
import type { ModelVersionRow, RegisteredModelRow } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { loadModel, loadVersion } from "@/lib/registry/load";
import { modelVersionJson, registeredModelJson } from "./entities";
import { missing, MlflowError, modelNotFound, versionNotFound } from "./errors";
import type { Params } from "./params";

const STAGES = ["None", "Staging", "Production", "Archived"] as const;

export function model(name: string): RegisteredModelRow {
  try {
    return loadModel(getDb(), name);
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found")
      throw modelNotFound(name);
    throw error;
  }
}

export function versionNumber(value: string): number {
  if (!/^\d{1,9}$/.test(value.trim()) || Number(value) < 1)
    throw new MlflowError(
      "INVALID_PARAMETER_VALUE",
      `Invalid value '${value}' for parameter 'version': a model version is a positive integer`,
    );
  return Number(value);
}

export function version(m: RegisteredModelRow, value: string): ModelVersionRow {
  const n = versionNumber(value);
  try {
    return loadVersion(getDb(), m, n);
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found")
      throw versionNotFound(m.name, value);
    throw error;
  }
}

/** MLflow's stage names, any case; Stageline's stages in lower case. */
export function canonicalStage(value: string): (typeof STAGES)[number] {
  const hit = STAGES.find(
    (s) => s.toLowerCase() === value.trim().toLowerCase(),
  );
  if (!hit)
    throw new MlflowError(
      "INVALID_PARAMETER_VALUE",
      `Invalid Model Version stage: ${value}. Value must be one of ${STAGES.join(", ")}.`,
    );
  return hit;
}

/** The service's conflict on an existing name, as MLflow answers it. */
export function nameConflictAsExists(name: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError && error.code === "conflict")
      throw new MlflowError(
        "RESOURCE_ALREADY_EXISTS",
        `Registered Model (name=${name}) already exists.`,
      );
    throw error;
  }
}

/**
 * Opens a request through `open`, or joins the open one that the service's conflict names: the
 * request's id, or null when the policy let the service apply the move at once.
 */
export function openRequestId(
  open: () => { id: number; status: string },
): number | null {
  try {
    const req = open();
    return req.status === "applied" ? null : req.id;
  } catch (error) {
    const id =
      error instanceof DomainError && error.code === "conflict"
        ? (error.details?.request_id as number | undefined)
        : undefined;
    if (id === undefined) throw error;
    return id;
  }
}

export function ignoreMissing(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof DomainError && error.code === "not_found"))
      throw error;
  }
}

/** A tag's value: required, but may be empty (MLflow clients set flags such as `reviewed` to ""). */
export function tagValue(p: Params): string {
  const value = p.str("value");
  if (value === undefined) throw missing("value");
  return value;
}

export const tagRecord = (tags: { key: string; value: string }[]) =>
  tags.length
    ? Object.fromEntries(tags.map((t) => [t.key, t.value]))
    : undefined;

export const rmJson = (name: string) => ({
  registered_model: registeredModelJson(getDb(), model(name)),
});

export const mvJson = (name: string, v: string) => {
  const m = model(name);
  return {
    model_version: modelVersionJson(getDb(), m.name, version(m, v), {
      aliases: true,
    }),
  };
};
