// The audit trail of signing in and out: sign-ins (form, better-auth's endpoint, MLflow HTTP
// Basic), sign-outs, session revocations, password and display-name changes, and bursts of failed
// sign-ins that cross the rate limit. better-auth writes sessions, accounts and users itself, so its
// database hooks (lib/auth/auth.ts) call in here after each write, with the endpoint that did it.
// No entry ever holds a password, a session token, a cookie or a hash: only who, how, from where,
// and the session's id (which cannot be used to sign in, unlike its token).
import "server-only";
import { and, desc, eq, gte, like, type SQL } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { getDb, type Tx } from "@/db/client";
import { auditEvents, ROLES, user } from "@/db/schema";
import type { AuditInput } from "@/lib/audit/audit-chain";
import { emit } from "@/lib/events/dispatch";
import { SYSTEM_ACTOR, type Actor } from "./actor";
import { retryAfter } from "./rate-limit";

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

/**
 * Bursts and Basic sign-ins are audited once per window across every process on the data folder:
 * whether the window already has its event is read from the audit log itself, inside the immediate
 * transaction that would write it, so two workers (or the CLI) seeing the same burst at the same
 * moment write one event, not one each. A small per-process LRU (bounded; entries expire with
 * their window) only saves that read when this process already knows the answer; losing it (a
 * restart, an eviction) costs one indexed read, never a second event.
 */
type Window = { until: number };
const g = globalThis as unknown as {
  __stagelineAuditWindows?: LRUCache<string, Window>;
};
const windows = (g.__stagelineAuditWindows ??= new LRUCache<string, Window>({
  max: 10_000,
}));

/** Runs `write` (which emits the event and returns when its window ends) unless the log already has this window's event; true when it wrote. */
function recordOncePer(
  cacheKey: string,
  now: number,
  lastUntil: (tx: Tx) => number,
  write: (tx: Tx) => number,
): boolean {
  const cached = windows.get(cacheKey);
  if (cached && cached.until > now) return false;
  const { wrote, until } = getDb().transaction(
    (tx) => {
      const known = lastUntil(tx);
      if (known > now) return { wrote: false, until: known };
      return { wrote: true, until: write(tx) };
    },
    { behavior: "immediate" },
  );
  windows.set(cacheKey, { until }, { ttl: Math.max(1, until - now) });
  return wrote;
}

const lastEvent = (
  tx: Tx,
  action: string,
  entityType: string,
  entityId: string,
  extra?: SQL,
) =>
  tx
    .select({ at: auditEvents.at, after: auditEvents.after })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, entityType),
        eq(auditEvents.entityId, entityId),
        eq(auditEvents.action, action),
        extra,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(1)
    .get();

/**
 * Call after recording a failed sign-in: one `auth.sign_in_limited` event for each key (account or
 * address) whose failures have just crossed the limit, one per burst, not one per failure; the
 * next event for that key comes only after its block has run out.
 */
export function auditSignInLimit(
  keys: string[],
  through: string,
  address: string,
  now = Date.now(),
): void {
  for (const key of keys) {
    const wait = retryAfter([key], now);
    if (wait <= 0) continue;
    const kind = key.startsWith("ip:") ? "address" : "account";
    const subject = key.slice(key.indexOf(":") + 1).slice(0, 320);
    const entityId = `${kind === "address" ? "ip" : "email"}:${subject}`;
    const actor: Actor = {
      ...SYSTEM_ACTOR,
      email: "anonymous",
      name: "anonymous",
      via: through,
    };
    recordOncePer(
      `limit|${key}`,
      now,
      (tx) => {
        // The last event's block: from its time, for the wait it announced.
        const last = lastEvent(tx, "auth.sign_in_limited", "sign_in", entityId);
        if (!last) return 0;
        const announced = Number(
          (JSON.parse(last.after ?? "{}") as { retry_after_seconds?: unknown })
            .retry_after_seconds,
        );
        return last.at + (Number.isFinite(announced) ? announced : 0) * 1000;
      },
      (tx) => {
        emit(tx, actor, {
          action: "auth.sign_in_limited",
          entityType: "sign_in",
          entityId,
          after: {
            limit: kind,
            ...(kind === "account" ? { email: subject } : {}),
            address,
            through,
            retry_after_seconds: wait,
          },
        });
        return now + wait * 1000;
      },
    );
  }
}

const BASIC_AUDIT_MS = 60 * 60_000;

/**
 * A password accepted over MLflow HTTP Basic. Clients send the credentials on every call, so each
 * one is not a sign-in in the session sense: auditing all of them would bury the trail (and what
 * they change is audited anyway, via "mlflow-basic"). One `auth.sign_in` per user per hour, across
 * all processes, still shows that the password is in use there, and from where.
 */
export function auditBasicSignIn(
  actor: Actor,
  address: string,
  now = Date.now(),
): void {
  recordOncePer(
    `basic|${actor.id}`,
    now,
    (tx) => {
      const last = lastEvent(
        tx,
        "auth.sign_in",
        "user",
        actor.id,
        and(
          gte(auditEvents.at, now - BASIC_AUDIT_MS),
          like(auditEvents.after, "%mlflow-basic%"),
        ),
      );
      return last ? last.at + BASIC_AUDIT_MS : 0;
    },
    (tx) => {
      emit(tx, actor, {
        action: "auth.sign_in",
        entityType: "user",
        entityId: actor.id,
        after: { through: "mlflow-basic", address },
      });
      return now + BASIC_AUDIT_MS;
    },
  );
}

/** Forgets this process's windows, as a fresh process has none (tests). */
export function forgetAuditWindows(): void {
  windows.clear();
}
