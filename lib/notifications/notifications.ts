// In-app notifications (the bell): written by the event dispatcher, read and dismissed by their owner.
// Marking as read changes only the reader's own inbox state, so it is not an audited domain change.
import "server-only";
import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { notifications } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";

export type NotificationDto = {
  id: number;
  kind: string;
  message: string;
  link: string | null;
  created_at: number;
  read: boolean;
};

export function listNotifications(
  actor: Actor,
  limit = 30,
): { unread: number; items: NotificationDto[] } {
  assertCan(actor, "notifications.read");
  const db = getDb();
  const items = db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, actor.id))
    .orderBy(desc(notifications.id))
    .limit(limit)
    .all();
  return {
    unread: unreadCount(actor),
    items: items.map((n) => ({
      id: n.id,
      kind: n.kind,
      message: n.message,
      link: n.link,
      created_at: n.createdAt,
      read: n.readAt !== null,
    })),
  };
}

const unread = preparedQuery((db) =>
  db
    .select({ n: count() })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, sql.placeholder("userId")),
        isNull(notifications.readAt),
      ),
    )
    .prepare(),
);

export function unreadCount(actor: Actor): number {
  return unread(getDb()).get({ userId: actor.id })?.n ?? 0;
}

export function markRead(actor: Actor, ids: number[] | "all"): void {
  assertCan(actor, "notifications.read");
  const mine = and(
    eq(notifications.userId, actor.id),
    isNull(notifications.readAt),
  );
  getDb()
    .update(notifications)
    .set({ readAt: Date.now() })
    .where(
      ids === "all"
        ? mine
        : and(mine, inArray(notifications.id, ids.slice(0, 500))),
    )
    .run();
}
