import { NextResponse } from "next/server";
import { authed } from "@/lib/http/route";
import { parseRequestId } from "@/lib/lifecycle/ids";
import { sendTest } from "@/lib/webhooks/webhooks";

export const POST = authed<{ id: string }>(async (_req, actor, { id }) => {
  sendTest(actor, parseRequestId(id));
  return NextResponse.json({ queued: true }, { status: 202 });
});
