import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { MarkAllReadButton } from "@/components/shell/mark-all-read";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { listNotifications } from "@/lib/notifications/notifications";
import { markAllReadAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const actor = await requirePagePermission("notifications.read");
  const { unread, items } = listNotifications(actor, 100);
  return (
    <>
      <PageHeader
        title="Notifications"
        description={`${unread} unread`}
        actions={
          unread > 0 ? <MarkAllReadButton action={markAllReadAction} /> : null
        }
      />
      {items.length === 0 ? (
        <EmptyState title="Nothing yet">
          You will hear here when a review waits for you or your request is
          decided.
        </EmptyState>
      ) : (
        <ul
          className="divide-y divide-border rounded-lg border border-border bg-surface"
          aria-label="Notifications"
        >
          {items.map((n) => (
            <li
              key={n.id}
              className="flex items-start justify-between gap-4 px-4 py-3 text-sm"
            >
              <div>
                {n.read ? null : <Badge tone="accent">New</Badge>}{" "}
                {n.link ? (
                  // Coloured as every link is: the message is the way to its subject.
                  <Link href={n.link} className="text-accent hover:underline">
                    {n.message}
                  </Link>
                ) : (
                  n.message
                )}
              </div>
              <span className="shrink-0 text-xs text-muted">
                {formatDateTime(n.created_at)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
