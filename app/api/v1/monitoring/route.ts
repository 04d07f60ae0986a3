import { NextResponse } from "next/server";
import { authed } from "@/lib/http/route";
import { liveDeploymentHealth } from "@/lib/monitoring/queries";

/** Every live deployment with its last hour: requests, error rate, p95 latency, requests per minute. */
export const GET = authed(async (_req, actor) =>
  NextResponse.json({ deployments: liveDeploymentHealth(actor) }),
);
