// The single place where roles are decided. Pages, actions, REST and the MLflow layer all ask can().
import type { Role } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { Actor } from "./actor";

/** What each role may do. Ownership rules (e.g. editing one's own model) sit in can() below. */
export const PERMISSIONS = {
  "dashboard.read": ["admin", "data_scientist", "reviewer", "manager"],
  "models.read": ["admin", "data_scientist", "reviewer", "manager"],
  "models.create": ["admin", "data_scientist"],
  "models.update": ["admin", "data_scientist"],
  // Versions, their tags, aliases and artifacts: any data scientist of the team, as in MLflow.
  "versions.write": ["admin", "data_scientist"],
  "reviews.read": ["admin", "reviewer", "manager"],
  "reviews.decide": ["admin", "reviewer"],
  "requests.create": ["admin", "data_scientist"],
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
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** All a read-only API token may do, whatever its owner's role: look, and call predictions. */
export const READ_ONLY_PERMISSIONS: readonly Permission[] = ["dashboard.read", "models.read", "reviews.read", "notifications.read", "monitoring.read", "audit.read", "audit.verify", "settings.read"];

/** A resource with an owner: owners may change what they own where their role allows changes at all. */
export type Owned = { ownerId: string | null };

export function can(actor: Actor | null | undefined, permission: Permission, resource?: Owned): boolean {
  if (!actor) return false;
  const roles: readonly Role[] = PERMISSIONS[permission];
  if (!roles.includes(actor.role)) return false;
  if (actor.readOnly && !READ_ONLY_PERMISSIONS.includes(permission)) return false;
  if (resource && actor.role !== "admin" && permission === "models.update") {
    return resource.ownerId === actor.id;
  }
  return true;
}

export function assertCan(actor: Actor | null | undefined, permission: Permission, resource?: Owned): asserts actor is Actor {
  if (!actor) throw new DomainError("unauthenticated", "Sign in or send an API token");
  if (!can(actor, permission, resource)) {
    if (actor.readOnly && PERMISSIONS[permission].includes(actor.role as never)) throw new DomainError("forbidden", `This API token is read-only: it may not do this (${permission}). Create a token with scope 'write'.`);
    throw new DomainError("forbidden", `Your role (${actor.role}) may not do this (${permission})`);
  }
}
