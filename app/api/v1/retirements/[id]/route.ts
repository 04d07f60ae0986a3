import { NextResponse } from "next/server";
import { authed } from "@/lib/http/route";
import { parseRequestId } from "@/lib/lifecycle/ids";
import { impactOf } from "@/lib/retirement/impact";
import { getRetirement } from "@/lib/retirement/queries";

/** GET: one retirement with its impact (live deployments, aliases, traffic, open requests, webhooks). */
export const GET = authed<{ id: string }>(async (_req, actor, { id }) => {
  const n = parseRequestId(id, "Retirement");
  return NextResponse.json({
    ...getRetirement(actor, n),
    impact: impactOf(actor, n),
  });
});
