// Webhooks: admins subscribe URLs to events; deliveries are queued in the database by the event
// dispatcher (same transaction as the change) and sent by the scheduler with an HMAC signature.
import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError, parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { assertWebhookTarget } from "./target";

export const webhookInputSchema = z.object({
  url: z
    .string({ error: "url is required" })
    .max(2048)
    .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), {
      message: "url must be an http(s) URL",
    }),
  events: z
    .array(
      z.string().regex(/^(\*|[a-z_]+(\.[a-z_]+)?)$/, {
        message: "events are names like transition.applied, or *",
      }),
    )
    .min(1, { message: "Pick at least one event (or *)" })
    .max(100),
  secret: z
    .string()
    .min(16, { message: "secret must be at least 16 characters" })
    .max(256)
    .optional(),
});

export type WebhookDto = {
  id: number;
  url: string;
  events: string[];
  active: boolean;
  created_at: number;
};

/** Asynchronous because the URL's host is resolved first: only public addresses (or allow-listed ones) are accepted. */
export async function createWebhook(
  actor: Actor,
  input: z.input<typeof webhookInputSchema> | Record<string, unknown>,
): Promise<WebhookDto & { secret: string }> {
  assertCan(actor, "webhooks.manage");
  const data = parseInput(webhookInputSchema, input);
  await assertWebhookTarget(data.url);
  const secret = data.secret ?? randomBytes(24).toString("base64url");
  return getDb().transaction(
    (tx) => {
      const row = tx
        .insert(webhooks)
        .values({
          url: data.url,
          events: JSON.stringify(data.events),
          secret,
          createdBy: actor.id,
          createdAt: Date.now(),
        })
        .returning()
        .get();
      // The secret is never written to the audit trail.
      emit(tx, actor, {
        action: "webhook.created",
        entityType: "webhook",
        entityId: row.id,
        after: { url: row.url, events: data.events },
      });
      return { ...toDto(row), secret };
    },
    { behavior: "immediate" },
  );
}

export function setWebhookActive(
  actor: Actor,
  id: number,
  active: boolean,
): WebhookDto {
  assertCan(actor, "webhooks.manage");
  return getDb().transaction(
    (tx) => {
      const row = tx.select().from(webhooks).where(eq(webhooks.id, id)).get();
      if (!row) throw new DomainError("not_found", `Webhook #${id} not found`);
      const updated = tx
        .update(webhooks)
        .set({ active })
        .where(eq(webhooks.id, id))
        .returning()
        .get();
      emit(tx, actor, {
        action: active ? "webhook.enabled" : "webhook.disabled",
        entityType: "webhook",
        entityId: id,
        before: { active: row.active },
        after: { active },
      });
      return toDto(updated);
    },
    { behavior: "immediate" },
  );
}

export function listWebhooks(actor: Actor): WebhookDto[] {
  assertCan(actor, "webhooks.manage");
  return getDb()
    .select()
    .from(webhooks)
    .orderBy(asc(webhooks.id))
    .all()
    .map(toDto);
}

export function listDeliveries(actor: Actor, webhookId: number, limit = 50) {
  assertCan(actor, "webhooks.manage");
  return getDb()
    .select({
      id: webhookDeliveries.id,
      delivery_id: webhookDeliveries.deliveryId,
      event: webhookDeliveries.event,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      last_status: webhookDeliveries.lastStatus,
      last_error: webhookDeliveries.lastError,
      created_at: webhookDeliveries.createdAt,
      delivered_at: webhookDeliveries.deliveredAt,
      next_attempt_at: webhookDeliveries.nextAttemptAt,
    })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit)
    .all();
}

/** Queues a `webhook.test` delivery to this webhook only. */
export function sendTest(actor: Actor, id: number): void {
  assertCan(actor, "webhooks.manage");
  getDb().transaction(
    (tx) => {
      const hook = tx.select().from(webhooks).where(eq(webhooks.id, id)).get();
      if (!hook) throw new DomainError("not_found", `Webhook #${id} not found`);
      const now = Date.now();
      const deliveryId = randomUUID();
      const payload = {
        id: deliveryId,
        event: "webhook.test",
        occurred_at: new Date(now).toISOString(),
        actor: { email: actor.email, via: actor.via },
        entity: { type: "webhook", id: String(id) },
        before: null,
        data: { message: "Test delivery from Stageline" },
      };
      tx.insert(webhookDeliveries)
        .values({
          webhookId: id,
          deliveryId,
          event: "webhook.test",
          payload: JSON.stringify(payload),
          nextAttemptAt: now,
          createdAt: now,
        })
        .run();
      emit(tx, actor, {
        action: "webhook.test_sent",
        entityType: "webhook",
        entityId: id,
      });
    },
    { behavior: "immediate" },
  );
}

function toDto(row: typeof webhooks.$inferSelect): WebhookDto {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    active: row.active,
    created_at: row.createdAt,
  };
}
