import { NextResponse } from "next/server";
import { authed } from "@/lib/http/route";
import { listRequests } from "@/lib/lifecycle/queries";

/** GET ?status=open|applied|rejected|cancelled&limit=&before=<id> : newest first */
export const GET = authed(async (req, actor) => {
  const sp = new URL(req.url).searchParams;
  const limit = sp.get("limit");
  const before = sp.get("before");
  const items = listRequests(actor, {
    status: sp.get("status") ?? undefined,
    limit: limit ? Number(limit) || 100 : undefined,
    before: before ? Number(before) || undefined : undefined,
  });
  return NextResponse.json({
    requests: items,
    next_before: items.length ? (items.at(-1)?.id ?? null) : null,
  });
});
