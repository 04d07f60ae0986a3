import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { parseRequestId } from "@/lib/lifecycle/ids";
import { ingestMetrics } from "@/lib/monitoring/ingest";

/** POST {points: [{name, value, timestamp?}]} (at most 10,000 per batch) */
export const POST = authed<{ id: string }>(async (req, actor, { id }) =>
  NextResponse.json(ingestMetrics(actor, parseRequestId(id, "Deployment"), await readJson(req, 8 * 1024 * 1024)), { status: 202 }),
);
