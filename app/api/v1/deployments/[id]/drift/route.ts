import { NextResponse } from "next/server";
import { driftReport } from "@/lib/drift/drift";
import { authed } from "@/lib/http/route";
import { parseRequestId } from "@/lib/lifecycle/ids";

/** GET ?range=1h|24h|7d|30d: PSI (with bands) and KS per input feature against the version's reference. */
export const GET = authed<{ id: string }>(async (req, actor, { id }) =>
  NextResponse.json(
    driftReport(
      actor,
      parseRequestId(id, "Deployment"),
      new URL(req.url).searchParams.get("range") ?? "24h",
    ),
  ),
);
