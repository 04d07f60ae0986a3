import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { parseRequestId } from "@/lib/lifecycle/ids";
import { ingestMetrics, METRICS_MAX_BYTES } from "@/lib/monitoring/ingest";

/** POST {points: [{name, value, timestamp?}]} (at most 10,000 per batch). The running server answers
 *  this path before Next's router (lib/http/direct.ts); this handler is the same answer otherwise. */
export const POST = authed<{ id: string }>(async (req, actor, { id }) =>
  NextResponse.json(ingestMetrics(actor, parseRequestId(id, "Deployment"), await readJson(req, METRICS_MAX_BYTES)), { status: 202 }),
);
