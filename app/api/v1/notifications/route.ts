import { NextResponse } from "next/server";
import { DomainError } from "@/lib/errors";
import { authed, readJson } from "@/lib/http/route";
import { listNotifications, markRead } from "@/lib/notifications/notifications";

export const GET = authed(async (_req, actor) =>
  NextResponse.json(listNotifications(actor)),
);

/** POST {read: "all" | number[]} marks notifications as read. */
export const POST = authed(async (req, actor) => {
  const body = (await readJson(req)) as { read?: unknown };
  const read = body.read;
  if (
    read !== "all" &&
    !(Array.isArray(read) && read.every((x) => Number.isInteger(x)))
  ) {
    throw new DomainError(
      "invalid",
      'read must be "all" or a list of notification ids',
      { fields: { read: ['Expected "all" or ids'] } },
    );
  }
  markRead(actor, read as number[] | "all");
  return NextResponse.json(listNotifications(actor));
});
