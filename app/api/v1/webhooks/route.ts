import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { createWebhook, listWebhooks } from "@/lib/webhooks/webhooks";

export const GET = authed(async (_req, actor) =>
  NextResponse.json({ webhooks: listWebhooks(actor) }),
);

/** POST {url, events: ["transition.applied", ...] or ["*"], secret?}: the secret is returned once. */
export const POST = authed(async (req, actor) =>
  NextResponse.json(
    await createWebhook(
      actor,
      (await readJson(req)) as Record<string, unknown>,
    ),
    { status: 201 },
  ),
);
