// Webhooks: admins subscribe URLs to events; deliveries are queued in the database by the event
// dispatcher (same transaction as the change) and sent by the scheduler with an HMAC signature.
import "server-only";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { and, asc, desc, eq, isNotNull, lte } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError, parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { assertWebhookTarget, postWebhook } from "./target";

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;

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

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Sends one delivery, returning the response status (postWebhook checks the target again on connect). */
export type WebhookSender = (
  url: string,
  headers: Record<string, string>,
  body: string,
) => Promise<number>;

/**
 * Sends the deliveries that are due. Each is leased first (marked in flight, its next attempt
 * pushed a minute out) so a crash mid-send retries it instead of losing it: at least once, and more
 * than once only for a send the crash cut off. Receivers dedupe on the delivery id.
 */
export async function deliverDue(
  now = Date.now(),
  send: WebhookSender = postWebhook,
  limit = 20,
): Promise<number> {
  const due = claimDue(now, limit);
  await Promise.all(due.map((row) => sendClaimed(row, send)));
  return due.length;
}

/** The scheduler's job: starts the due sends without waiting for them, at most MAX_IN_FLIGHT at a
 *  time per process, so one receiver that answers slowly (up to the 10 s timeout) holds back neither
 *  the other deliveries nor the scheduler's tick. Returns how many it started. */
export function startDueDeliveries(
  now = Date.now(),
  send: WebhookSender = postWebhook,
): number {
  const free = MAX_IN_FLIGHT - inFlight.count;
  if (free <= 0) return 0;
  const due = claimDue(now, Math.min(20, free));
  for (const row of due) {
    inFlight.count += 1;
    void sendClaimed(row, send)
      .catch((error: unknown) =>
        console.error("[stageline] recording a webhook delivery failed", error),
      )
      .finally(() => (inFlight.count -= 1));
  }
  return due.length;
}

const MAX_IN_FLIGHT = 32;
const inFlight = ((
  globalThis as unknown as { __stagelineWebhooksInFlight?: { count: number } }
).__stagelineWebhooksInFlight ??= { count: 0 });

type Claimed = {
  d: typeof webhookDeliveries.$inferSelect;
  hook: typeof webhooks.$inferSelect;
};

/** Takes the oldest due deliveries for one send each: their next attempt moves a lease ahead, so
 *  neither the next tick nor another process picks them while the send is under way. */
function claimDue(now: number, limit: number): Claimed[] {
  return getDb().transaction(
    (tx) => {
      const rows = tx
        .select({ d: webhookDeliveries, hook: webhooks })
        .from(webhookDeliveries)
        .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
        .where(
          and(
            eq(webhookDeliveries.status, "pending"),
            lte(webhookDeliveries.nextAttemptAt, now),
          ),
        )
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(limit)
        .all();
      for (const r of rows)
        tx.update(webhookDeliveries)
          .set({ nextAttemptAt: now + LEASE_MS, leasedAt: now })
          .where(eq(webhookDeliveries.id, r.d.id))
          .run();
      return rows;
    },
    { behavior: "immediate" },
  );
}

async function sendClaimed(
  { d, hook }: Claimed,
  send: WebhookSender,
): Promise<void> {
  let status: number | null = null;
  let error: string | null = null;
  try {
    status = await send(
      hook.url,
      {
        "Content-Type": "application/json",
        "User-Agent": "Stageline-Webhooks/1",
        "X-Stageline-Event": d.event,
        "X-Stageline-Delivery": d.deliveryId,
        "X-Stageline-Signature": signature(hook.secret, d.payload),
      },
      d.payload,
    );
  } catch (e) {
    error = e instanceof Error ? e.message.slice(0, 500) : String(e);
  }
  const attempts = d.attempts + 1;
  const ok = status !== null && status >= 200 && status < 300;
  getDb()
    .update(webhookDeliveries)
    .set({
      attempts,
      lastStatus: status,
      lastError: ok ? null : (error ?? `HTTP ${status}`),
      status: ok
        ? "delivered"
        : attempts >= MAX_ATTEMPTS
          ? "failed"
          : "pending",
      leasedAt: null,
      deliveredAt: ok ? Date.now() : null,
      // 10 s, 20 s, 40 s, ... up to an hour between attempts.
      nextAttemptAt: ok
        ? d.nextAttemptAt
        : Date.now() + Math.min(10_000 * 2 ** (attempts - 1), 3_600_000),
    })
    .where(eq(webhookDeliveries.id, d.id))
    .run();
}

/**
 * At start-up (one server process per data folder): sends that were in flight when the last process
 * died are due again now, not only when their lease runs out. Returns how many.
 */
export function resumeInterruptedDeliveries(now = Date.now()): number {
  return getDb()
    .update(webhookDeliveries)
    .set({ nextAttemptAt: now, leasedAt: null })
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        isNotNull(webhookDeliveries.leasedAt),
      ),
    )
    .run().changes;
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
