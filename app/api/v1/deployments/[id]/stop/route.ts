import { NextResponse } from "next/server";
import { stopDeployment } from "@/lib/deployments/deployments";
import { authed } from "@/lib/http/route";
import { parseRequestId } from "@/lib/lifecycle/ids";

export const POST = authed<{ id: string }>(async (_req, actor, { id }) =>
  NextResponse.json(stopDeployment(actor, parseRequestId(id, "Deployment"))),
);
