// Webhook events the audit chain sends about itself (`audit.anchor`, `audit.rechained`). They are
// queued like the dispatcher's (lib/events/dispatch.ts) but written straight to the delivery queue:
// an anchor is not itself an audit event (it would move the head it reports), and the chain's
// own module cannot go through emit, which appends to the chain.
import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";

/**
 * Queues `event` to every active webhook subscribed to it. `audit.anchor` is a periodic heartbeat,
 * not a domain event (it has no audit event of its own), so it goes only to webhooks that name it,
 * never to `*`, whose receivers get one delivery per audit event.
 */
export function queueSystemWebhookEvent(
  tx: Tx | Db,
  event: string,
  entity: { type: string; id: string },
  data: Record<string, unknown>,
  options: { now?: number; auditEventId?: number } = {},
): number {
  const now = options.now ?? Date.now();
  let queued = 0;
  for (const hook of tx
    .select()
    .from(webhooks)
    .where(eq(webhooks.active, true))
    .all()) {
    const wanted = JSON.parse(hook.events) as string[];
    if (
      !wanted.includes(event) &&
      !(options.auditEventId !== undefined && wanted.includes("*"))
    )
      continue;
    const deliveryId = randomUUID();
    const payload = {
      id: deliveryId,
      event,
      occurred_at: new Date(now).toISOString(),
      actor: { email: "system", via: "system" },
      entity,
      before: null,
      data,
      ...(options.auditEventId !== undefined
        ? { audit_event_id: options.auditEventId }
        : {}),
    };
    tx.insert(webhookDeliveries)
      .values({
        webhookId: hook.id,
        deliveryId,
        event,
        payload: JSON.stringify(payload),
        nextAttemptAt: now,
        createdAt: now,
      })
      .run();
    queued += 1;
  }
  return queued;
}
