import { NextResponse } from "next/server";
import { listDeployments } from "@/lib/deployments/deployments";
import { authed } from "@/lib/http/route";

export const GET = authed(async (req, actor) =>
  NextResponse.json({
    deployments: listDeployments(actor, {
      live: new URL(req.url).searchParams.get("status") === "live",
    }),
  }),
);
