// Who is acting: a signed-in user, a user through an API token, or the system itself.
import type { Role } from "@/db/schema";

export type Actor = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** "session", "token:<id>", "cli" or "system": recorded in the audit trail. */
  via: string;
  /** Set for a read-only API token: only the read permissions apply (lib/auth/permissions.ts). */
  readOnly?: true;
  /** Correlates the audit events written while serving one HTTP request. */
  requestId?: string;
};

export const SYSTEM_ACTOR: Actor = {
  id: "system",
  email: "system",
  name: "Stageline",
  role: "admin",
  via: "system",
};

/** A user row acting as a signed-in user (the session's actor; tests and benchmarks act so too). */
export function sessionActor(
  u: Pick<Actor, "id" | "email" | "name" | "role">,
): Actor {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    via: "session",
  };
}
