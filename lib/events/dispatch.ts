// The one event dispatcher: each domain event writes its audit entry, in-app notifications and
// queued webhook deliveries, all inside the caller's transaction, so they commit with the change.
import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  notifications,
  webhookDeliveries,
  webhooks,
  type AuditEventRow,
} from "@/db/schema";
import { appendAudit } from "@/lib/audit/audit";
import type { AuditInput } from "@/lib/audit/audit-chain";
import type { Actor } from "@/lib/auth/actor";
import {
  bumpGeneration,
  bumpSharedGeneration,
  touchesAccess,
} from "./generation";

// Read on every event: prepared once per connection (db/prepared.ts), in transactions too.
const activeWebhooks = preparedQuery((db) =>
  db.select().from(webhooks).where(eq(webhooks.active, true)).prepare(),
);

export type Notice = {
  userId: string | null | undefined;
  kind: string;
  message: string;
  link?: string;
};

export function emit(
  tx: Tx | Db,
  actor: Actor,
  event: AuditInput,
  notices: Notice[] = [],
): AuditEventRow {
  const access = touchesAccess(event.action);
  bumpGeneration(access);
  bumpSharedGeneration(tx, access);
  const audit = appendAudit(tx, actor, event);
  const now = audit.at;
  const seen = new Set<string>();
  for (const n of notices) {
    // Nobody is notified of their own action, and nobody twice for one event.
    if (!n.userId || n.userId === actor.id || seen.has(n.userId)) continue;
    seen.add(n.userId);
    tx.insert(notifications)
      .values({
        userId: n.userId,
        kind: n.kind,
        message: n.message,
        link: n.link ?? null,
        createdAt: now,
      })
      .run();
  }
  // Changes to webhooks themselves are not fanned out to webhooks.
  const hooks = event.action.startsWith("webhook.")
    ? []
    : activeWebhooks(tx).all();
  for (const hook of hooks) {
    const wanted = JSON.parse(hook.events) as string[];
    if (!wanted.includes("*") && !wanted.includes(event.action)) continue;
    const deliveryId = randomUUID();
    const payload = {
      id: deliveryId,
      event: event.action,
      occurred_at: new Date(now).toISOString(),
      actor: { email: actor.email, via: actor.via },
      entity: { type: event.entityType, id: String(event.entityId) },
      before: event.before ?? null,
      data: event.after ?? null,
      audit_event_id: audit.id,
    };
    tx.insert(webhookDeliveries)
      .values({
        webhookId: hook.id,
        deliveryId,
        event: event.action,
        payload: JSON.stringify(payload),
        nextAttemptAt: now,
        createdAt: now,
      })
      .run();
  }
  return audit;
}
