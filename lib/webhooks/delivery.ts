// Sending queued webhook deliveries (the scheduler's job): leased, signed with the webhook's HMAC
// secret, retried with backoff up to MAX_ATTEMPTS, and resumed at start-up after a crash.
import "server-only";
import { createHmac } from "node:crypto";
import { and, asc, eq, isNotNull, lte } from "drizzle-orm";
import { getDb } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";
import { postWebhook } from "./target";

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;

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
