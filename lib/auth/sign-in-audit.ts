// The sign-in events audited once per window rather than once each: bursts of failed sign-ins that
// cross the rate limit, and passwords accepted over MLflow HTTP Basic. Like ./auth-audit.ts, no
// entry holds a password, a token or a hash.
import "server-only";
import { and, desc, eq, gte, like, type SQL } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { getDb, type Tx } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { emit } from "@/lib/events/dispatch";
import { SYSTEM_ACTOR, type Actor } from "./actor";
import { retryAfter } from "./rate-limit";

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
