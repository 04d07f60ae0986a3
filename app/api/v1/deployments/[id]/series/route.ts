import { NextResponse } from "next/server";
import { authed } from "@/lib/http/route";
import { parseRequestId } from "@/lib/lifecycle/ids";
import { deploymentSeries } from "@/lib/monitoring/queries";

/** GET ?range=1h|24h|7d|30d: throughput, error rate and latency percentiles over time. */
export const GET = authed<{ id: string }>(async (req, actor, { id }) =>
  NextResponse.json(
    deploymentSeries(
      actor,
      parseRequestId(id, "Deployment"),
      new URL(req.url).searchParams.get("range") ?? "1h",
    ),
  ),
);
