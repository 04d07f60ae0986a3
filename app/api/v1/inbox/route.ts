import { NextResponse } from "next/server";
import { can } from "@/lib/auth/permissions";
import { authed } from "@/lib/http/route";
import { openRequestCount } from "@/lib/lifecycle/queries";
import { unreadCount } from "@/lib/notifications/notifications";

/** The live counters of the shell: open requests (for those who see the inbox) and unread notifications. */
export const GET = authed(async (_req, actor) =>
  NextResponse.json({
    open_requests: can(actor, "reviews.read") ? openRequestCount() : null,
    unread_notifications: unreadCount(actor),
  }),
);
