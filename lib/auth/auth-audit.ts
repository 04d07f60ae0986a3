// The audit trail of signing in and out: sign-ins (form, better-auth's endpoint, MLflow HTTP
// Basic), sign-outs, session revocations, password and display-name changes, and bursts of failed
// sign-ins that cross the rate limit. better-auth writes sessions, accounts and users itself, so its
// database hooks (lib/auth/auth.ts) call in here after each write, with the endpoint that did it.
// No entry ever holds a password, a session token, a cookie or a hash: only who, how, from where,
// and the session's id (which cannot be used to sign in, unlike its token).// Bursts of failed sign-ins and MLflow Basic sign-ins are audited once per window, in
// ./sign-in-audit.ts.
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { ROLES, user } from "@/db/schema";
import type { AuditInput } from "@/lib/audit/audit-chain";
import { emit } from "@/lib/events/dispatch";
import type { Actor } from "./actor";

/** What better-auth hands its database hooks: the endpoint (path, request) that wrote the row. */
type HookContext = {
  path?: string;
  request?: Request;
  body?: unknown;
  context?: { session?: { user?: { id?: string; name?: string } } | null };
} | null;

type SessionRow = { id: string; userId: string; ipAddress?: string | null };

const REVOKING_PATHS: Record<string, string> = {
  "/revoke-session": "revoked",
  "/revoke-sessions": "revoked (all sessions)",
  "/revoke-other-sessions": "revoked (other sessions)",
  "/change-password": "password changed",
};
const PASSWORD_PATHS = new Set([
  "/change-password",
  "/set-password",
  "/reset-password",
]);

function record(actor: Actor, input: AuditInput): void {
  getDb().transaction((tx) => void emit(tx, actor, input), {
    behavior: "immediate",
  });
}

function actorFor(userId: string, via = "session"): Actor | null {
  const row = getDb().select().from(user).where(eq(user.id, userId)).get();
  if (!row || !ROLES.includes(row.role)) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, via };
}

/** A session was created: a sign-in through the form or better-auth's endpoint (other creators are not sign-ins). */
export async function auditSessionCreated(
  session: SessionRow,
  ctx: HookContext,
): Promise<void> {
  if (!ctx?.path?.startsWith("/sign-in")) return;
  const actor = actorFor(session.userId);
  if (!actor) return;
  // The form's server action calls better-auth's API in-process (no Request); scripts come through its HTTP endpoint.
  const through = ctx.request ? "api" : "form";
  record(actor, {
    action: "auth.sign_in",
    entityType: "user",
    entityId: actor.id,
    after: {
      through,
      address: session.ipAddress ?? null,
      session_id: session.id,
    },
  });
}

/** A session was deleted: a sign-out, or a revocation; expired sessions swept on read are not audited. */
export async function auditSessionDeleted(
  session: SessionRow,
  ctx: HookContext,
): Promise<void> {
  const path = ctx?.path ?? "";
  const owner = actorFor(session.userId);
  if (!owner) return;
  if (path === "/sign-out") {
    record(owner, {
      action: "auth.sign_out",
      entityType: "user",
      entityId: owner.id,
      after: { session_id: session.id },
    });
    return;
  }
  const reason = REVOKING_PATHS[path];
  if (!reason) return;
  const byId = ctx?.context?.session?.user?.id;
  const by = byId && byId !== owner.id ? (actorFor(byId) ?? owner) : owner;
  record(by, {
    action: "auth.session_revoked",
    entityType: "user",
    entityId: owner.id,
    after: { session_id: session.id, reason },
  });
}

/** A credential account was updated: audited when the endpoint was a password change (never the hash). */
export async function auditAccountUpdated(
  account: { userId: string } | null,
  ctx: HookContext,
): Promise<void> {
  if (!account || !PASSWORD_PATHS.has(ctx?.path ?? "")) return;
  const actor = actorFor(account.userId);
  if (!actor) return;
  const body = ctx?.body;
  const revokeOthers =
    typeof body === "object" && body !== null && "revokeOtherSessions" in body
      ? body.revokeOtherSessions === true
      : false;
  record(actor, {
    action: "auth.password_changed",
    entityType: "user",
    entityId: actor.id,
    after: { revoked_other_sessions: revokeOthers },
  });
}

/** A user row was updated through better-auth's /update-user: audited when the display name changed. */
export async function auditUserUpdated(
  updated: { id: string; name: string } | null,
  ctx: HookContext,
): Promise<void> {
  if (!updated || ctx?.path !== "/update-user") return;
  // better-auth's session middleware loaded the user before the update: that is the old name.
  const before = ctx.context?.session?.user?.name;
  if (before === undefined || before === updated.name) return;
  const actor = actorFor(updated.id);
  if (!actor) return;
  record(actor, {
    action: "user.name_changed",
    entityType: "user",
    entityId: actor.id,
    before: { name: before },
    after: { name: updated.name },
  });
}
