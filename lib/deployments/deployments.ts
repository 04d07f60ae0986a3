// Deployments: where a version runs. The built-in target serves ONNX versions at
// /api/v1/serve/{model}/{ref}/predict; external targets record an endpoint URL and a platform name.
import "server-only";
import { and, desc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db, type Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  deployments,
  modelVersions,
  registeredModels,
  type DeploymentRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { servedModelFile } from "@/lib/serving/served-file";
import {
  assertModelAccess,
  assertModelAccessByName,
} from "@/lib/registry/model-permissions";
import { inVersionWrite } from "@/lib/registry/model-write";
import { DomainError, parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { httpUrlSchema } from "@/lib/http/http-url";
import { now as clockNow } from "@/lib/clock";

export const deploymentInputSchema = z
  .object({
    version: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)], {
      error: "version must be a version number",
    }),
    environment: z
      .string({ error: "environment is required" })
      .trim()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/, {
        message: "environment may use letters, digits, '-' and '_'",
      }),
    target: z
      .enum(["stageline", "external"], {
        message: "target must be stageline or external",
      })
      .default("stageline"),
    endpoint_url: httpUrlSchema("endpoint_url").optional(),
    platform: z.string().max(100).optional(),
    traffic_share: z
      .number()
      .min(0, { message: "traffic_share must be between 0 and 1" })
      .max(1, { message: "traffic_share must be between 0 and 1" })
      .default(1),
  })
  .refine((d) => d.target === "stageline" || d.endpoint_url, {
    message: "an external deployment needs endpoint_url",
    path: ["endpoint_url"],
  });

export type DeploymentDto = {
  id: number;
  model: string;
  version: number;
  stage: string;
  environment: string;
  target: "stageline" | "external";
  endpoint_url: string | null;
  platform: string | null;
  status: DeploymentRow["status"];
  traffic_share: number;
  created_at: number;
  updated_at: number;
};

export function createDeployment(
  actor: Actor,
  modelName: string,
  input: unknown,
): DeploymentDto {
  assertModelAccessByName(actor, "versions.write", modelName);
  const data = parseInput(deploymentInputSchema, input);
  return inVersionWrite(
    actor,
    "versions.write",
    modelName,
    data.version,
    (tx, model, v, { actingAsAdmin }) => {
      if (data.environment === "production" && v.stage !== "production") {
        throw new DomainError(
          "conflict",
          `Only a version in the Production stage can be deployed to production; v${v.version} is in ${v.stage === "none" ? "Development" : v.stage}. Request the transition first.`,
        );
      }
      if (data.target === "stageline") {
        if (!servedModelFile(tx, v))
          throw new DomainError(
            "conflict",
            `v${v.version} has no ONNX model file, so the built-in endpoint cannot serve it`,
          );
      }
      const now = clockNow();
      const row = tx
        .insert(deployments)
        .values({
          modelId: model.id,
          versionId: v.id,
          environment: data.environment,
          target: data.target,
          endpointUrl: data.endpoint_url ?? null,
          platform: data.platform ?? null,
          trafficShare: data.traffic_share,
          createdBy: actor.id === "system" ? null : actor.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      emit(tx, actor, {
        action: "deployment.created",
        entityType: "deployment",
        entityId: row.id,
        after: {
          model: model.name,
          version: v.version,
          environment: row.environment,
          target: row.target,
          endpoint_url: row.endpointUrl,
        },
        actingAsAdmin,
      });
      return toDto(row, model.name, v.version, v.stage);
    },
  );
}

export function stopDeployment(actor: Actor, id: number): DeploymentDto {
  assertCan(actor, "versions.write");
  return getDb().transaction(
    (tx) => {
      const row = loadDeployment(tx, id);
      const owner = tx
        .select()
        .from(registeredModels)
        .where(eq(registeredModels.id, row.modelId))
        .get();
      const { actingAsAdmin } = owner
        ? assertModelAccess(tx, actor, "versions.write", owner)
        : { actingAsAdmin: false };
      if (row.status === "stopped")
        throw new DomainError(
          "conflict",
          `Deployment #${id} is already stopped`,
        );
      const updated = tx
        .update(deployments)
        .set({ status: "stopped", updatedAt: clockNow() })
        .where(eq(deployments.id, id))
        .returning()
        .get();
      emit(tx, actor, {
        action: "deployment.stopped",
        entityType: "deployment",
        entityId: id,
        before: { status: row.status },
        after: { status: "stopped" },
        actingAsAdmin,
      });
      return dtoOf(updated);
    },
    { behavior: "immediate" },
  );
}

export function listDeployments(
  actor: Actor,
  opts: { model?: string; live?: boolean } = {},
): DeploymentDto[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const live = opts.live ? 1 : 0;
  const rows =
    opts.model === undefined
      ? allDeploymentRows(db).all({ live })
      : deploymentRowsOfModel(db).all({ model: opts.model, live });
  return rows.map((r) => toDto(r.d, r.model, r.version, r.stage));
}

const deploymentRows = (db: Db | Tx, model: SQL | undefined) =>
  db
    .select({
      d: deployments,
      model: registeredModels.name,
      version: modelVersions.version,
      stage: modelVersions.stage,
    })
    .from(deployments)
    .innerJoin(registeredModels, eq(registeredModels.id, deployments.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, deployments.versionId))
    .where(
      and(
        model,
        or(sql`${sql.placeholder("live")} = 0`, eq(deployments.status, "live")),
      ),
    )
    .orderBy(desc(deployments.id))
    .prepare();
const allDeploymentRows = preparedQuery((db) => deploymentRows(db, undefined));
const deploymentRowsOfModel = preparedQuery((db) =>
  deploymentRows(
    db,
    and(
      eq(registeredModels.name, sql.placeholder("model")),
      isNull(registeredModels.deletedAt),
    ),
  ),
);

export function getDeployment(actor: Actor, id: number): DeploymentDto {
  assertCan(actor, "models.read");
  return dtoOf(loadDeployment(getDb(), id));
}

/** A deployment's row by id; 404 when there is none. */
export function loadDeployment(db: Db | Tx, id: number): DeploymentRow {
  const row = db.select().from(deployments).where(eq(deployments.id, id)).get();
  if (!row) throw new DomainError("not_found", `Deployment #${id} not found`);
  return row;
}

/** The live built-in deployment of a version, which its predictions are recorded against. */
export function liveStagelineDeployment(versionId: number): number | null {
  return (
    getDb()
      .select({ id: deployments.id })
      .from(deployments)
      .where(
        and(
          eq(deployments.versionId, versionId),
          eq(deployments.target, "stageline"),
          eq(deployments.status, "live"),
        ),
      )
      .orderBy(desc(deployments.id))
      .get()?.id ?? null
  );
}

function dtoOf(row: DeploymentRow): DeploymentDto {
  const db = getDb();
  const model = db
    .select({ name: registeredModels.name })
    .from(registeredModels)
    .where(eq(registeredModels.id, row.modelId))
    .get();
  const v = db
    .select({ version: modelVersions.version, stage: modelVersions.stage })
    .from(modelVersions)
    .where(eq(modelVersions.id, row.versionId))
    .get();
  return toDto(row, model?.name ?? "?", v?.version ?? 0, v?.stage ?? "none");
}

function toDto(
  row: DeploymentRow,
  model: string,
  version: number,
  stage: string,
): DeploymentDto {
  return {
    id: row.id,
    model,
    version,
    stage,
    environment: row.environment,
    target: row.target,
    endpoint_url: row.endpointUrl,
    platform: row.platform,
    status: row.status,
    traffic_share: row.trafficShare,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}
