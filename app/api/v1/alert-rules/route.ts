import { NextResponse } from "next/server";
import { createRule, listRules } from "@/lib/alerts/rules";
import { authed, readJson } from "@/lib/http/route";

export const GET = authed(async (_req, actor) =>
  NextResponse.json({ rules: listRules(actor) }),
);

/** POST {name, deployment_id?, metric, aggregation, comparator, threshold, window_seconds, for_seconds?, severity?, runbook_url?, auto_rollback?} */
export const POST = authed(async (req, actor) =>
  NextResponse.json(createRule(actor, await readJson(req)), { status: 201 }),
);
