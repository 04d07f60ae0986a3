import { NextResponse } from "next/server";
import { authed } from "@/lib/http/route";
import { listRetirements } from "@/lib/retirement/queries";

/** GET ?status=requested,scheduled&model=: retirements, newest first (approve and reject via /transition-requests/{request_id}). */
export const GET = authed(async (req, actor) => {
  const q = new URL(req.url).searchParams;
  return NextResponse.json({
    retirements: listRetirements(actor, {
      status: q.get("status") ?? undefined,
      model: q.get("model") ?? undefined,
    }),
  });
});
