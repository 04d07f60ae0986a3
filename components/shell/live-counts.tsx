"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { inboxSummaryQuery } from "@/lib/queries/options";

// Both read `inboxSummaryQuery()`, which the app layout prefetches and hydrates.

/** The bell with the unread count, refreshed every few seconds. */
export function NotificationBell() {
  const { data } = useQuery(inboxSummaryQuery());
  const n = data?.unread_notifications ?? 0;
  return (
    <Link
      href="/notifications"
      className="relative inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm hover:bg-background"
      aria-label={`Notifications: ${n} unread`}
      data-testid="bell"
    >
      <svg
        aria-hidden="true"
        width="18"
        height="18"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      >
        <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.7 21a2 2 0 0 1-3.4 0" />
      </svg>
      {n > 0 ? (
        <span
          data-testid="bell-count"
          className="rounded-full bg-danger px-1.5 text-xs font-semibold text-white"
        >
          {n}
        </span>
      ) : null}
    </Link>
  );
}

/** The open-request count next to "Reviews" in the sidebar. */
export function ReviewsCount() {
  const { data } = useQuery(inboxSummaryQuery());
  if (!data?.open_requests) return null;
  return (
    <span
      data-testid="reviews-count"
      className="ml-auto rounded-full bg-accent px-1.5 text-xs font-semibold text-accent-foreground"
    >
      {data.open_requests}
    </span>
  );
}
