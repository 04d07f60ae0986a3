import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { parseRequestId } from "@/lib/lifecycle/ids";
import { recordFeedback } from "@/lib/monitoring/feedback";

/** POST {items: [{prediction_id, actual}]}: ground truth for served predictions. */
export const POST = authed<{ id: string }>(async (req, actor, { id }) =>
  NextResponse.json(
    recordFeedback(
      actor,
      parseRequestId(id, "Deployment"),
      await readJson(req, 4 * 1024 * 1024),
    ),
    { status: 202 },
  ),
);
