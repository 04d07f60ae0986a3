import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { listPolicies, setPolicy } from "@/lib/lifecycle/policies";

export const GET = authed(async (_req, actor) =>
  NextResponse.json({ policies: listPolicies(actor) }),
);

/** PUT {model?, stage, required_approvals, approver_ids?, gates?, single_version?, champion_follows?} (admin) */
export const PUT = authed(async (req, actor) =>
  NextResponse.json(
    setPolicy(actor, (await readJson(req)) as Record<string, unknown>),
  ),
);
