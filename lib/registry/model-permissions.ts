// Per-model permissions, as MLflow's permission model has them: every signed-in role reads; the
// owner manages; users the owner (or a manager of the model) grants "edit" add versions, artifacts,
// evaluations and requests; "manage" also changes the model itself and its grants. Admins may do
// everything, and the audit entry says when they acted on a model that is not theirs.
import "server-only";
import { inModelWrite } from "./model-write";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db, type Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  MODEL_PERMISSION_LEVELS,
  modelPermissions,
  user,
  type ModelPermissionLevel,
  type RegisteredModelRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import {
  actsAsAdmin,
  assertCan,
  can,
  roleCan,
  type Owned,
  type Permission,
} from "@/lib/auth/permissions";
import { DomainError, parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { loadModel } from "./load";
import { now as clockNow } from "@/lib/clock";

const grantsOfModel = preparedQuery((db) =>
  db
    .select({ userId: modelPermissions.userId, level: modelPermissions.level })
    .from(modelPermissions)
    .where(eq(modelPermissions.modelId, sql.placeholder("modelId")))
    .prepare(),
);

/** The model's owner and grants, as can() takes them. */
export function accessOf(
  db: Db | Tx,
  model: Pick<RegisteredModelRow, "id" | "ownerId">,
): Owned {
  const rows = grantsOfModel(db).all({ modelId: model.id });
  return {
    ownerId: model.ownerId,
    grants: Object.fromEntries(rows.map((r) => [r.userId, r.level])),
  };
}

/**
 * Checks `permission` on this model (after the role check the service made first) and says
 * whether an admin is stepping in on a model that is not theirs, for the audit entry.
 */
export function assertModelAccess(
  db: Db | Tx,
  actor: Actor,
  permission: Permission,
  model: RegisteredModelRow,
): { actingAsAdmin: boolean } {
  const access = accessOf(db, model);
  assertCan(actor, permission, access);
  return { actingAsAdmin: actsAsAdmin(actor, access, permission) };
}

export type ModelGrantDto = {
  user_id: string;
  email: string;
  name: string;
  level: ModelPermissionLevel;
  created_at: number;
};

export function listModelGrants(
  actor: Actor,
  modelName: string,
): ModelGrantDto[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const model = loadModel(db, modelName);
  return db
    .select({
      user_id: modelPermissions.userId,
      email: user.email,
      name: user.name,
      level: modelPermissions.level,
      created_at: modelPermissions.createdAt,
    })
    .from(modelPermissions)
    .innerJoin(user, eq(user.id, modelPermissions.userId))
    .where(eq(modelPermissions.modelId, model.id))
    .orderBy(asc(user.email))
    .all();
}

const grantSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .email("Give the e-mail of a Stageline user")
    .max(320),
  level: z.enum(MODEL_PERMISSION_LEVELS, {
    error: "level must be 'edit' or 'manage'",
  }),
});

/** Grants (or changes) a user's level on a model. Only data scientists and admins can hold one. */
export function grantModelPermission(
  actor: Actor,
  modelName: string,
  input: unknown,
): ModelGrantDto {
  assertCan(actor, "models.update");
  return inModelWrite(
    actor,
    "models.update",
    modelName,
    (tx, model, { actingAsAdmin }) => {
      const data = parseInput(grantSchema, input);
      const target = tx
        .select()
        .from(user)
        .where(eq(user.email, data.email))
        .get();
      if (!target)
        throw new DomainError("invalid", `No user with e-mail ${data.email}`, {
          fields: { email: ["Unknown user"] },
        });
      if (!roleCan(target.role, "versions.write")) {
        throw new DomainError(
          "invalid",
          `${data.email} is a ${target.role}; only data scientists (and admins, who need no grant) can edit models`,
          { fields: { email: ["Cannot hold a grant"] } },
        );
      }
      if (target.id === model.ownerId)
        throw new DomainError(
          "invalid",
          `${data.email} owns '${model.name}' and manages it already`,
          { fields: { email: ["Owner"] } },
        );
      const before = tx
        .select()
        .from(modelPermissions)
        .where(grantOf(model.id, target.id))
        .get();
      const now = clockNow();
      if (before?.level !== data.level) {
        tx.insert(modelPermissions)
          .values({
            modelId: model.id,
            userId: target.id,
            level: data.level,
            grantedBy: actor.id === "system" ? null : actor.id,
            createdAt: now,
          })
          .onConflictDoUpdate({
            target: [modelPermissions.modelId, modelPermissions.userId],
            set: { level: data.level },
          })
          .run();
        emit(
          tx,
          actor,
          {
            action: "model.permission_granted",
            entityType: "model",
            entityId: model.id,
            before: before ? { user: target.email, level: before.level } : null,
            after: { model: model.name, user: target.email, level: data.level },
            actingAsAdmin,
          },
          [
            {
              userId: target.id,
              kind: "permission",
              message: `You may now ${data.level} '${model.name}'`,
              link: `/models/${encodeURIComponent(model.name)}`,
            },
          ],
        );
      }
      return {
        user_id: target.id,
        email: target.email,
        name: target.name,
        level: data.level,
        created_at: before?.createdAt ?? now,
      };
    },
  );
}

export function revokeModelPermission(
  actor: Actor,
  modelName: string,
  userId: unknown,
): void {
  assertCan(actor, "models.update");
  const id = parseInput(z.string().min(1).max(200), userId, "user_id");
  inModelWrite(
    actor,
    "models.update",
    modelName,
    (tx, model, { actingAsAdmin }) => {
      const before = tx
        .select()
        .from(modelPermissions)
        .where(grantOf(model.id, id))
        .get();
      if (!before)
        throw new DomainError(
          "not_found",
          `That user holds no grant on '${model.name}'`,
          { fields: { user_id: ["No grant"] } },
        );
      const email =
        tx.select({ email: user.email }).from(user).where(eq(user.id, id)).get()
          ?.email ?? id;
      tx.delete(modelPermissions).where(grantOf(model.id, id)).run();
      emit(tx, actor, {
        action: "model.permission_revoked",
        entityType: "model",
        entityId: model.id,
        before: { model: model.name, user: email, level: before.level },
        actingAsAdmin,
      });
    },
  );
}

/**
 * The same check made before a service judges its input, so a caller without access to the model
 * learns nothing from validation messages (the service checks again inside its transaction).
 */
export function assertModelAccessByName(
  actor: Actor,
  permission: Permission,
  modelName: string,
): void {
  assertCan(actor, permission);
  const db = getDb();
  assertModelAccess(db, actor, permission, loadModel(db, modelName));
}

/** What the signed-in user may do on a model, for pages to offer only what the services allow. */
export function modelCapabilities(
  actor: Actor,
  modelName: string,
): { editModel: boolean; writeVersions: boolean } {
  const db = getDb();
  const model = loadModel(db, modelName);
  const access = accessOf(db, model);
  const open = model.status !== "retired";
  return {
    editModel: open && can(actor, "models.update", access),
    writeVersions: open && can(actor, "versions.write", access),
  };
}

/** The one grant row of a user on a model (its key). */
function grantOf(modelId: number, userId: string): SQL | undefined {
  return and(
    eq(modelPermissions.modelId, modelId),
    eq(modelPermissions.userId, userId),
  );
}
