// The single place where roles are decided. Pages, actions, REST and the MLflow layer all ask can().
import type { ModelPermissionLevel, Role } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { Actor } from "./actor";

/** What each role may do. Ownership rules (e.g. editing one's own model) sit in can() below. */
export const PERMISSIONS = {
  "dashboard.read": ["admin", "data_scientist", "reviewer", "manager"],
  "models.read": ["admin", "data_scientist", "reviewer", "manager"],
  "models.create": ["admin", "data_scientist"],
  // Per model (see can() below): the owner and users granted "manage"; admins everywhere.
  "models.update": ["admin", "data_scientist"],
  // Versions, their tags, aliases, artifacts, evaluations and requests, per model: the owner and
  // users granted "edit" or "manage" (MLflow's EDIT); every other data scientist reads.
  "versions.write": ["admin", "data_scientist"],
  "reviews.read": ["admin", "reviewer", "manager"],
  "reviews.decide": ["admin", "reviewer"],
  "requests.create": ["admin", "data_scientist"],
  // Cancelling a request someone else opened (one's own needs only requests.create).
  "requests.cancel_any": ["admin"],
  "transitions.override": ["admin"],
  // Managers read everything and change nothing, comments included.
  "comments.write": ["admin", "data_scientist", "reviewer"],
  "comments.moderate": ["admin"],
  "policies.manage": ["admin"],
  "webhooks.manage": ["admin"],
  // The public keys trusted for signatures made in a team's CI (lib/signing).
  "signing_keys.manage": ["admin"],
  "notifications.read": ["admin", "data_scientist", "reviewer", "manager"],
  "monitoring.read": ["admin", "data_scientist", "reviewer", "manager"],
  "audit.read": ["admin", "data_scientist", "reviewer", "manager"],
  "audit.verify": ["admin"],
  "settings.read": ["admin", "data_scientist", "reviewer", "manager"],
  "users.manage": ["admin"],
  "tokens.manage_own": ["admin", "data_scientist", "reviewer", "manager"],
  // Revoking another user's token.
  "tokens.manage_any": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** All a read-only API token may do, whatever its owner's role: look, and call predictions. */
export const READ_ONLY_PERMISSIONS: readonly Permission[] = [
  "dashboard.read",
  "models.read",
  "reviews.read",
  "notifications.read",
  "monitoring.read",
  "audit.read",
  "audit.verify",
  "settings.read",
];

/**
 * A model as permissions see it: its owner (who manages it) and the grants its managers gave
 * (lib/registry/model-permissions.ts loads them). Without `grants`, only the owner counts.
 */
export type Owned = {
  ownerId: string | null;
  grants?: Readonly<Record<string, ModelPermissionLevel>>;
};

/** The model-level level each permission needs; the others are decided by role alone. */
const MODEL_LEVEL: Partial<Record<Permission, ModelPermissionLevel>> = {
  "models.update": "manage",
  "versions.write": "edit",
};

export function can(
  actor: Actor | null | undefined,
  permission: Permission,
  resource?: Owned,
): boolean {
  if (!actor) return false;
  const roles: readonly Role[] = PERMISSIONS[permission];
  if (!roles.includes(actor.role)) return false;
  if (actor.readOnly && !READ_ONLY_PERMISSIONS.includes(permission))
    return false;
  const needed = MODEL_LEVEL[permission];
  if (resource && needed && actor.role !== "admin")
    return modelLevelOf(actor, resource) >= LEVEL_RANK[needed];
  return true;
}

/** Whether a role holds a permission at all (e.g. who can be granted a model-level edit). */
export function roleCan(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * Acting on a record that belongs to one user (their token, the request they opened): its owner
 * with `own`, anyone else only with `any` as well.
 */
export function canActOn(
  actor: Actor | null | undefined,
  ownerId: string | null | undefined,
  own: Permission,
  any: Permission,
): boolean {
  if (!can(actor, own)) return false;
  return (
    (ownerId !== null && ownerId !== undefined && ownerId === actor?.id) ||
    can(actor, any)
  );
}

/**
 * True when an admin acts on a model they neither own nor hold a grant on: allowed, and the
 * audit entry says so (lib/events/dispatch.ts adds `acting_as_admin`).
 */
export function actsAsAdmin(
  actor: Actor,
  resource: Owned,
  permission: Permission,
): boolean {
  const needed = MODEL_LEVEL[permission];
  if (actor.role !== "admin" || actor.id === "system" || !needed) return false;
  return modelLevelOf(actor, resource) < LEVEL_RANK[needed];
}

const LEVEL_RANK: Record<ModelPermissionLevel | "none", number> = {
  none: 0,
  edit: 1,
  manage: 2,
};

function modelLevelOf(actor: Actor, resource: Owned): number {
  if (resource.ownerId !== null && resource.ownerId === actor.id)
    return LEVEL_RANK.manage;
  return LEVEL_RANK[resource.grants?.[actor.id] ?? "none"];
}

export function assertCan(
  actor: Actor | null | undefined,
  permission: Permission,
  resource?: Owned,
): asserts actor is Actor {
  if (!actor)
    throw new DomainError("unauthenticated", "Sign in or send an API token");
  if (!can(actor, permission, resource)) {
    if (actor.readOnly && PERMISSIONS[permission].includes(actor.role as never))
      throw new DomainError(
        "forbidden",
        `This API token is read-only: it may not do this (${permission}). Create a token with scope 'write'.`,
      );
    if (
      resource &&
      MODEL_LEVEL[permission] &&
      PERMISSIONS[permission].includes(actor.role as never)
    ) {
      const level = MODEL_LEVEL[permission];
      throw new DomainError(
        "forbidden",
        `You may not do this (${permission}): it needs ${level === "manage" ? "the model's owner or a manage grant" : "the model's owner or an edit grant"} on this model; ask its owner to add you`,
      );
    }
    throw new DomainError(
      "forbidden",
      `Your role (${actor.role}) may not do this (${permission})`,
    );
  }
}
