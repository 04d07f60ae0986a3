import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { parseRequestId } from "@/lib/lifecycle/ids";
import { listDeliveries, setWebhookActive } from "@/lib/webhooks/webhooks";

/** GET: the webhook's recent deliveries with their response status. */
export const GET = authed<{ id: string }>(async (_req, actor, { id }) =>
  NextResponse.json({ deliveries: listDeliveries(actor, parseRequestId(id)) }),
);

/** PATCH {active: boolean} */
export const PATCH = authed<{ id: string }>(async (req, actor, { id }) => {
  const body = (await readJson(req)) as { active?: unknown };
  return NextResponse.json(
    setWebhookActive(actor, parseRequestId(id), body.active === true),
  );
});
